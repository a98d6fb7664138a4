# Was Keyfob sagt, wenn etwas schiefgeht, im keyfob-Befehl und im Fenster (siehe locales/en/errors.ftl
# und docs/glossary.md für die Begriffe). Einfache Sprache: was passiert ist, und was zu tun ist.

## Ihre Konten

error-no-accounts = Es gibt noch keine Konten. Fügen Sie zuerst eines hinzu.
error-nothing-to-export = Es gibt noch keine Konten, also gibt es nichts zu sichern oder zu exportieren.
error-preview-changed = Während Sie hingesehen haben, kam etwas Neues hinzu, deshalb wurde nichts hinzugefügt. Sehen Sie sich die Liste noch einmal an und bestätigen Sie sie.
error-no-such-account = Es gibt kein Konto mit der Nummer { $id }. Prüfen Sie die Nummer.
error-too-many-accounts = Keyfob verwaltet höchstens { $max } Konten, und so viele sind schon da. Entfernen Sie zuerst einige.
error-not-counter-based = Das gilt nicht für Konto { $id }: Seine Codes ändern sich mit der Zeit, nicht bei jeder Anfrage.
error-organise-rejected = Keyfob kann diese Gruppen oder diese Notiz nicht speichern. Kürzen Sie sie oder verwenden Sie weniger Gruppen.
error-already-exists = Keyfob verwaltet hier bereits Konten. Es wurde nichts ersetzt.
error-file = Keyfob kann Ihre Konten auf diesem Computer nicht lesen oder speichern. Prüfen Sie, ob die Festplatte voll ist, und versuchen Sie es erneut.
error-accounts-damaged = Die Datei mit Ihren Konten ist beschädigt, deshalb hat Keyfob sie nicht angerührt. Stellen Sie Ihre Konten aus einer Sicherung wieder her, oder fragen Sie Ihren IT-Support.
error-accounts-file-missing = Die Datei mit Ihren Konten fehlt, aber ihre vorige Version ist noch da. Es wurde nichts geändert: Stellen Sie die vorige Version wieder her, oder fragen Sie Ihren IT-Support.
error-newer-version = Ihre Konten wurden von einer neueren Version von Keyfob gespeichert. Installieren Sie die neuere Version, um sie zu öffnen.
error-random = Dieser Computer konnte die Zufallszahlen, die Keyfob braucht, nicht erzeugen. Starten Sie den Computer neu und versuchen Sie es erneut.

## Die Regeln für jedes Konto (ein eingegebenes oder umbenanntes Konto)

error-account-algorithm = Keyfob erzeugt keine Codes mit dem Algorithmus { $algorithm }. Wählen Sie einen von diesen: { $supported }.
error-account-digits = Ein Code muss zwischen { $min } und { $max } Ziffern haben, nicht { $digits }.
error-account-period = Ein Code muss zwischen { $min } und { $max } Sekunden gelten, nicht { $period }.
error-account-type = Keyfob erzeugt keine { $type }-Codes.
error-secret-empty = Der geheime Schlüssel ist leer.
error-secret-not-base32 = Zeichen { $position } des geheimen Schlüssels kann darin nicht vorkommen: nur die Buchstaben A bis Z und die Ziffern 2 bis 7.
error-secret-length = Der geheime Schlüssel hat { $length } Buchstaben und Ziffern; das kann kein ganzer Schlüssel sein. Fehlt eines?
error-secret-too-long = Der geheime Schlüssel ist länger, als Keyfob annimmt: höchstens { $max } Buchstaben und Ziffern.
error-name-too-long = { $field ->
        [issuer] Der Name des Dienstes
        [group] Der Name der Gruppe
       *[account] Der Name Ihres Kontos
    } ist zu lang: Keyfob nimmt höchstens { $max } Zeichen an (weniger mit Buchstaben wie é). Kürzen Sie ihn.
error-name-control-character = { $field ->
        [issuer] Der Name des Dienstes
        [group] Der Name der Gruppe
       *[account] Der Name Ihres Kontos
    } enthält ein Steuerzeichen (etwa einen Zeilenumbruch oder einen Tabulator), und das kann in keinem Namen stehen. Geben Sie ihn ohne dieses Zeichen erneut ein.
error-name-invisible-character = { $field ->
        [issuer] Der Name des Dienstes
        [group] Der Name der Gruppe
       *[account] Der Name Ihres Kontos
    } enthält ein unsichtbares Zeichen, durch das ein Name wie ein anderer aussehen kann. Tippen Sie den Namen ab, statt ihn einzufügen.
error-name-missing = Geben Sie dem Konto einen Namen oder den Namen seines Dienstes.

## Sperren: Ihre Passphrase und der Passwortspeicher Ihres Computers

error-passphrase-needed = Ihre Konten sind mit einer Passphrase geschützt. Geben Sie sie ein, um sie zu öffnen.
error-current-passphrase-needed = Geben Sie Ihre aktuelle Passphrase ein, um sie zu ändern oder zu entfernen. Es wurde nichts geändert.
error-wrong-passphrase = Falsche Passphrase: Sie öffnet Ihre Konten nicht. Prüfen Sie sie und versuchen Sie es erneut.
error-passphrase-too-short = Eine Passphrase muss mindestens 8 Zeichen haben. Wählen Sie eine längere.
error-not-passphrase-protected = Ihre Konten sind nicht mit einer Passphrase geschützt, also gibt es keine zu ändern oder zu entfernen.
error-passphrase-derivation = Keyfob konnte mit dieser Passphrase nicht arbeiten. Versuchen Sie es erneut.
error-wrong-key = Der Schlüssel im Passwortspeicher Ihres Computers öffnet Ihre Konten nicht. Es wurde nichts geändert. Wenn Ihre Konten von einem anderen Computer stammen, übernehmen Sie auch dessen Keyfob-Eintrag.
error-key-missing = Der Passwortspeicher Ihres Computers hat keinen Schlüssel für Ihre Konten. Es wurde nichts geändert und kein neuer Schlüssel erzeugt. Wurde der Passwortspeicher zurückgesetzt, stellen Sie ihn aus seiner Sicherung wieder her.
error-keychain-unavailable = Keyfob erreicht den Passwortspeicher Ihres Computers nicht. Sorgen Sie dafür, dass er läuft und entsperrt ist, oder schützen Sie Ihre Konten stattdessen mit einer Passphrase.
error-keychain-locked = Der Passwortspeicher Ihres Computers ist gesperrt oder hat Keyfob nicht zugelassen. Entsperren Sie ihn und versuchen Sie es erneut, oder schützen Sie Ihre Konten stattdessen mit einer Passphrase.
error-keychain-failed = Der Passwortspeicher Ihres Computers hat nicht funktioniert. Versuchen Sie es erneut, oder schützen Sie Ihre Konten stattdessen mit einer Passphrase.
error-keychain-entry-invalid = Der Eintrag von Keyfob im Passwortspeicher Ihres Computers enthält keinen Keyfob-Schlüssel. Es wurde nichts geändert.
error-auto-lock-too-long = Keyfob kann sich nach 0 (nie) bis { $max } Minuten ohne Benutzung sperren, nicht nach { $minutes }.

## Sicherungen und Exporte

error-auto-backup-off = Automatische Sicherungen sind aus. Schalten Sie sie zuerst ein.
error-auto-backup-failed = Die automatische Sicherung ist fehlgeschlagen. Prüfen Sie, ob der Sicherungsordner noch da ist (vielleicht wurde ein Laufwerk entfernt).
error-backup-folder = Keyfob kann den Sicherungsordner { $folder } nicht verwenden. Wählen Sie einen anderen Ordner.
error-backup-folder-not-plain = Geben Sie den Sicherungsordner mit seinem vollständigen Ort an, ohne „..“ oder ungewöhnliche Zeichen.
error-backup-folder-missing = Die automatische Sicherung ist fehlgeschlagen: Der Sicherungsordner { $folder } ist nicht da. Wenn er auf einem Laufwerk liegt, schließen Sie das Laufwerk an.
error-backup-not-written = Die automatische Sicherung ist fehlgeschlagen: Keyfob konnte sie nicht in den Sicherungsordner { $folder } schreiben. Prüfen Sie, ob Sie dort Dateien speichern dürfen, oder wählen Sie einen anderen Ordner.
error-backup-not-pruned = Die Sicherung wurde erstellt, aber ältere Sicherungen im Sicherungsordner { $folder } konnten nicht gelöscht werden. Prüfen Sie, ob Sie dort Dateien löschen dürfen.
error-keep-out-of-range = Behalten Sie zwischen 1 und { $max } Sicherungen, nicht { $keep }.
error-backup-key = Die Sicherung konnte nicht mit Ihrem Passwort geschützt werden. Versuchen Sie es erneut.
error-export-failed = Der Export konnte nicht erstellt werden. Versuchen Sie es erneut.

## Dateien, die Sie öffnen

error-file-unreadable = Keyfob kann die Datei { $file } nicht öffnen. Prüfen Sie, ob sie da ist und ob Sie sie lesen dürfen.
error-file-too-large = Die Datei { $file } ist zu groß für einen Export oder ein Bild (Keyfob liest bis zu { $mib } MiB).
error-import-too-large = { $file } ist zu groß für einen Export aus einer Authenticator-App.
error-import-unknown-format = Keyfob erkennt { $file } nicht als Export aus einer Authenticator-App, die es lesen kann.
error-import-damaged = { $file } ist beschädigt oder nicht die Art Export, die es zu sein scheint. Exportieren Sie es erneut aus der anderen App.
error-import-password-needed = { $file } ist mit einem Passwort geschützt. Geben Sie das Passwort ein, das Sie beim Exportieren gewählt haben.
error-import-wrong-password = Falsches Passwort: Es öffnet { $file } nicht. Prüfen Sie es und versuchen Sie es erneut.
error-import-several-files = Wählen Sie eine Exportdatei oder alle Bilder eines Google-Authenticator-Exports.
error-import-excessive-work = { $file } wurde mit ungewöhnlichen Einstellungen erstellt, deren Öffnen zu lange dauern würde. Exportieren Sie es erneut mit den üblichen Einstellungen der anderen App.
error-import-unsupported-encryption = { $file } ist auf eine Weise geschützt, die Keyfob nicht öffnen kann. Exportieren Sie es erneut mit einem Passwort.

## Was ein Import oder ein gescannter Code enthielt, das Keyfob nicht verwenden konnte

import-problem-in = { $entry }: { $reason }
import-left-out = { $entry }: { $part }
import-entry-numbered-named = Eintrag { $position } („{ $name }“)
import-entry-numbered = Eintrag { $position }
import-entry-named = „{ $name }“
import-entry-line = Zeile { $position }
import-entry-within = { $outer }, { $entry }
import-reason-fields = Keyfob kann seine Einstellungen nicht verwenden (die Art des Codes, seine Länge oder wie oft er sich ändert).
import-reason-secret = Sein geheimer Schlüssel fehlt oder ist ungültig.
import-reason-name = Sein Name oder der Name des Dienstes ist nicht erlaubt: zu lang oder mit Zeichen, die Keyfob nicht annimmt.
import-reason-no-link = Er enthält keinen otpauth://-Link.
import-reason-link = Mit seinem otpauth://-Link lässt sich kein Konto einrichten.
import-reason-google-export = Dieser Google-Authenticator-Export kann nicht gelesen werden. Exportieren Sie ihn erneut aus der App.
import-reason-google-account = Dieses Google-Authenticator-Konto ist von einer Art, die Keyfob nicht verwenden kann.
import-reason-missing-codes = Dieser Google-Authenticator-Export hat { $size } QR-Codes, aber { $count ->
        [one] Code { $missing } wurde
       *[other] die Codes { $missing } wurden
    } nicht angegeben, daher fehlen Konten. Scannen Sie { $count ->
        [one] ihn
       *[other] sie
    } auch.
import-reason-entry-type = Keyfob erzeugt keine Codes für Einträge vom Typ „{ $type }“.
import-reason-steam-without-link = Es ist ein Steam-Konto ohne seinen Steam-Link.
import-reason-trashed = Er liegt im Papierkorb von Ente und wurde daher nicht wiederhergestellt.
import-reason-push-link = Dieser Code zum Einrichten von Anmeldeanfragen kann nicht verwendet werden. Bitten Sie den Dienst um einen neuen.
import-left-out-group = Seine Gruppe „{ $group }“ wurde weggelassen: Keyfob nimmt diesen Namen für eine Gruppe nicht an.
import-left-out-more-groups = { $count ->
        [one] Eine weitere Gruppe wurde
       *[other] { $count } weitere Gruppen wurden
    } weggelassen: Ein Konto kann in höchstens { $max } Gruppen sein.
import-left-out-note = Seine Notiz wurde weggelassen: Sie ist länger, als Keyfob aufbewahrt.
import-left-out-icon = Sein Symbol wurde weggelassen: Keyfob konnte das Bild nicht verwenden.
import-left-out-site = Seine Website „{ $address }“ wurde weggelassen: Keyfob kann nicht mit dieser Website verknüpfen.
import-left-out-more-sites = { $count ->
        [one] Eine weitere Website wurde
       *[other] { $count } weitere Websites wurden
    } weggelassen: Ein Konto kann mit höchstens { $max } Websites verknüpft sein.

## Websites und Browser

error-site-not-an-address = Das ist keine Website. Geben Sie eine Website wie example.com oder die Adresse einer Seite an.
error-site-too-long = Diese Adresse ist zu lang für eine Website.
error-site-insecure = Codes gehen nur an sichere Seiten (https://) und an Seiten auf diesem Computer.
error-site-not-one-owner = { $site } ist keine Website, die einem einzigen Inhaber gehört. Geben Sie den eigenen Namen der Website an, etwa example.co.uk.
error-site-too-many = Ein Konto kann mit höchstens { $max } Websites verknüpft werden.
error-no-pairing-request = Kein Browser wartet darauf, gekoppelt zu werden. Beginnen Sie das Koppeln erneut in der Keyfob-Erweiterung Ihres Browsers.
error-pairing-code-mismatch = Das ist nicht der Code, den Ihr Browser zeigt, deshalb wurde nichts gekoppelt. Vergleichen Sie die Codes und versuchen Sie es erneut.
error-too-many-browsers = Keyfob ist bereits mit so vielen Browsern gekoppelt, wie es verwaltet ({ $max }). Entkoppeln Sie zuerst einen.
error-no-such-browser = Kein gekoppelter Browser hat die Nummer { $id }.

## Anmeldeanfragen (Push-Bestätigung)

error-no-push-tokens = Noch kein Konto ist für Anmeldeanfragen eingerichtet. Scannen Sie den Einrichtungscode für Anmeldeanfragen, den der Dienst zeigt.
error-push-already-enrolled = Anmeldeanfragen für dieses Konto (Seriennummer { $serial }) sind bereits eingerichtet. Entfernen Sie sie zuerst, um sie neu einzurichten.
error-enrol-failed = Der Anmeldedienst hat diesen Computer nicht für Anmeldeanfragen angenommen ({ $serial }). Prüfen Sie Ihre Internetverbindung und richten Sie es erneut ein.
error-login-not-found = Diese Anmeldeanfrage wartet nicht mehr: Sie ist abgelaufen, wurde schon beantwortet oder konnte nicht geprüft werden.
error-login-unreachable = Keyfob konnte nicht nach Anmeldeanfragen sehen: Der Anmeldedienst hat nicht geantwortet. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.
error-login-needs-number = Diese Anmeldung fragt, welche Zahl die Anmeldeseite zeigt: Wählen Sie eine von { $options }.
error-login-not-an-option = { $picked } ist keine der Zahlen dieser Anmeldung ({ $options }).
error-login-key = Keyfob kann den Schlüssel dieses Computers für Anmeldeanfragen nicht verwenden. Richten Sie Anmeldeanfragen für dieses Konto neu ein.
error-push-failed = Der Anmeldedienst war nicht erreichbar oder hat die Antwort abgelehnt. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.
push-problem-key = Keyfob kann den Schlüssel dieses Computers nicht für Anmeldeanfragen für { $account } verwenden. Richten Sie Anmeldeanfragen für dieses Konto erneut ein.
push-problem-rejected = Keyfob hat eine Anmeldeanfrage für { $account } ignoriert, die es nicht prüfen konnte. Wenn das öfter passiert, fragen Sie Ihren IT-Support.
push-problem-not-saved = Keyfob konnte nicht speichern, welche Anmeldeanfragen beantwortet wurden; eine könnte daher erneut erscheinen.
push-problem-unreachable = Der Anmeldedienst für { $account } hat nicht geantwortet. Keyfob versucht es in { $seconds ->
        [one] einer Sekunde
       *[other] { $seconds } Sekunden
    } erneut.
push-problem-unreachable-now = Der Anmeldedienst für { $account } hat nicht geantwortet.
push-problem-locked-too-long = Keyfob war zu lange gesperrt, um weiter auf Anmeldeanfragen für { $account } zu achten. Entsperren Sie Keyfob, um neue zu sehen.

## Jeder andere Fehler, nach seiner Art (die Details sagen mehr)

error-kind-input = Keyfob kann die Angabe nicht verwenden. Prüfen Sie sie und versuchen Sie es erneut.
error-kind-rejected = Keyfob kann das nicht annehmen. Ändern Sie es und versuchen Sie es erneut.
error-kind-locked = Keyfob ist gesperrt. Entsperren Sie es und versuchen Sie es erneut.
error-kind-wrong-secret = Das Passwort oder die Passphrase ist falsch. Prüfen Sie es und versuchen Sie es erneut.
error-kind-integrity = Etwas, das Keyfob liest, ist beschädigt oder wurde verändert. Keyfob hat nichts geändert.
error-kind-unsupported = Keyfob kann das nicht lesen: Es ist von einer Art oder Version, die Keyfob nicht kennt.
error-kind-limit = Das ist mehr, als Keyfob verarbeitet.
error-kind-not-found = Was Sie angefragt haben, ist nicht da.
error-kind-conflict = Das geht gerade nicht: Zuerst hat sich etwas anderes geändert. Versuchen Sie es erneut.
error-kind-environment = Etwas auf diesem Computer hat nicht funktioniert. Versuchen Sie es erneut, oder fragen Sie Ihren IT-Support.

# Die Seite des Fensters (ui/index.html, ui/palette.html) auf Deutsch (siehe locales/en/window.ftl und
# docs/glossary.md für die Begriffe). Die IDs sind die der Elemente selbst, wo sie eine haben; ui/js/l10n.js
# füllt jedes Element mit data-l10n-id daraus. Ein Wert darf <strong>, <em>, <code>, <kbd>, <br> enthalten.

## main

search =
    .aria-label = Konten durchsuchen
    .placeholder = Suchen ( / )
add-button-add = Hinzufügen
add-button =
    .title = Ein Konto hinzufügen (Strg+N)
filters-show = Anzeigen
group-filter =
    .aria-label = Die Konten einer Gruppe anzeigen
filters-order = Reihenfolge
sort =
    .aria-label = Reihenfolge der Liste
sort-option-your-order = Eigene Reihenfolge
sort-option-by-name = Nach Name
sort-option-most-used = Am häufigsten verwendet
clock-toggle = Codes korrigieren
backup-banner-span-your-accounts-are-not = Ihre Konten sind noch nicht gesichert. Wenn dieser Computer verloren geht oder kaputtgeht, bekommen Sie sie mit einer Sicherung zurück.
backup-banner-open = Sicherungen einrichten
backup-banner-later = Nicht jetzt
error-close =
    .aria-label = Diese Meldung schließen
    .title = Schließen
error-copy-details = Details für den Support kopieren
error-copy-details-done = Details kopiert: Fügen Sie sie in Ihre Nachricht an Ihren IT-Support ein.
accounts =
    .aria-label = Konten
empty-h2-no-accounts-yet = Noch keine Konten
empty-p-when-a-service-asks = Wenn ein Dienst Sie bittet, die Zwei-Faktor-Anmeldung einzurichten, zeigt er einen QR-Code. Lassen Sie ihn auf dem Bildschirm und:
empty-scan = Bildschirm scannen
empty-add = Andere Wege zum Hinzufügen…
empty-p-you-can-also-paste = Sie können auch überall in diesem Fenster ein Bildschirmfoto des QR-Codes (Strg+V) oder einen <code>otpauth://</code>-Link einfügen.
empty-moving-from-another-authenticator = Sie wechseln von einer anderen Authenticator-App?
empty-import = Export importieren
empty-p-when-you-turn-on = Wenn Sie die Zwei-Faktor-Anmeldung einschalten, zeigt der Dienst auch <strong>Wiederherstellungscodes</strong>. Bewahren Sie sie an einem sicheren Ort auf, nicht auf diesem Computer, und richten Sie eine zweite Anmeldemöglichkeit ein, wo der Dienst eine anbietet: Damit kommen Sie hinein, wenn dieser Computer verloren geht.
no-match = Kein Konto passt zu Ihrer Suche.
settings-open = Einstellungen
backup-open = Sicherungen
transfer-open = Importieren oder exportieren
help-open = Tastenkürzel

## add-dialog

add-title = Konto hinzufügen
scan-screen = Bildschirm scannen
scan-camera = Mit der Kamera scannen
choose-image = Bild auswählen…
add-import = Aus einer anderen App importieren…
drop-zone = Bildschirmfoto des QR-Codes hierher ziehen oder einfügen (Strg+V)
add-dialog-label-or-paste-the-setup = …oder den Einrichtungslink einfügen
link-add = Link hinzufügen
typed-summary-or-type-the-secret = …oder den geheimen Schlüssel eingeben
typed-label-service = Dienst
typed-issuer =
    .placeholder = z. B. Lohnabrechnung
typed-label-your-account = Ihr Konto
typed-name =
    .placeholder = z. B. alice@example.com
typed-label-secret-key = Geheimer Schlüssel
typed-secret =
    .placeholder = z. B. JBSW Y3DP EHPK 3PXP
typed-digits = Ziffern
typed-seconds = Sekunden
typed-algorithm = Algorithmus
typed-add = Dieses Konto hinzufügen
add-dialog-button-close = Schließen

## camera-dialog

camera-title = Mit der Kamera scannen
camera-preview =
    .alt = Was die Kamera sieht
camera-dialog-p-hold-the-qr-code = Halten Sie den QR-Code (auf Papier oder auf einem Telefon) ruhig vor die Kamera, so groß, dass er etwa ein Drittel des Bildes ausfüllt. Nichts, was die Kamera sieht, wird gespeichert.
camera-close = Schließen

## preview-dialog

preview-title = Diese Konten hinzufügen?
preview-dialog-p-also-save-the-strong = Bewahren Sie auch die <strong>Wiederherstellungscodes</strong>, die der Dienst Ihnen zeigt, an einem sicheren Ort getrennt von diesem Computer auf, und richten Sie eine zweite Anmeldemöglichkeit ein: Damit kommen Sie hinein, wenn dieser Computer verloren geht.
preview-cancel = Abbrechen
preview-confirm = Hinzufügen

## settings-dialog

settings-title = Einstellungen
settings-form-h3-locking = Sperren
settings-current-label = Aktuelle Passphrase (um sie zu ändern oder zu entfernen)
settings-passphrase-label = Keyfob mit einer Passphrase schützen
settings-passphrase =
    .placeholder = Mindestens 8 Zeichen
settings-passphrase2 =
    .aria-label = Die neue Passphrase noch einmal
    .placeholder = Noch einmal dieselbe
settings-set-passphrase = Passphrase festlegen
settings-remove-passphrase = Passphrase entfernen
settings-locking-label-lock-after-this-many = Nach so vielen Minuten ohne Benutzung sperren (0: nie)
settings-locking-lock-when-the-screen = Sperren, wenn der Bildschirm gesperrt wird oder der Computer in den Ruhezustand geht
settings-form-h3-privacy = Datenschutz
settings-form-hide-codes-until-their = Codes verbergen, bis ihre Zeile angeklickt wird (für die Bildschirmfreigabe)
settings-form-show-codes-in-the = Codes in der Suche des Desktops anzeigen (GNOME, KDE); Namen werden so oder so gefunden
settings-form-h3-this-computer = Dieser Computer
settings-form-start-keyfob-when-i = Keyfob starten, wenn ich mich anmelde
settings-form-label-quick-copy-this-shortcut = Schnell kopieren: Dieses Tastenkürzel öffnet überall eine kleine Suche; Eingabe kopiert den Code
settings-shortcut =
    .placeholder = z. B. Strg+Alt+K (leer: keines)
settings-shortcut-set = Festlegen
    .aria-label = Tastenkürzel für Schnellkopieren festlegen
settings-browsers-title = Mit Keyfob gekoppelte Browser
settings-form-p-only-these-browsers-keyfob = Nur die Keyfob-Erweiterung dieser Browser bekommt Codes. Entfernen Sie einen Browser, den Sie nicht mehr verwenden.
settings-backups = Sicherungen…
settings-clock = Uhr prüfen
settings-form-button-close = Schließen

## unlock-dialog

unlock-title = Ihre Konten entsperren
unlock-form-p-this-vault-s-key = Ihre Konten sind mit einer Passphrase geschützt. Geben Sie sie ein, um sie zu öffnen.
unlock-form-label-passphrase = Passphrase
unlock-confirm = Entsperren

## push-dialog

push-title = Melden Sie sich gerade an?
push-hint = Wählen Sie die Zahl, die die Anmeldeseite zeigt.
push-options =
    .aria-label = Die Zahl, die die Anmeldeseite zeigt
push-none = Keine dieser Zahlen
push-not-me = Das war ich nicht
push-deny = Ablehnen

## push-report-dialog

push-report-title = Anmeldung abgelehnt und gemeldet
push-report-form-p-someone-who-knows-your = Jemand, der Ihr Passwort kennt, versucht vielleicht, sich anzumelden. Was Sie jetzt tun sollten:
push-report-form-li-change-the-password-of = Ändern Sie jetzt das Passwort dieses Kontos, auf einem Gerät, dem Sie vertrauen.
push-report-form-li-tell-your-it-or = Informieren Sie Ihren IT-Support oder Ihr Sicherheitsteam, wenn es ein Arbeitskonto ist.
push-report-form-li-check-the-account-s = Prüfen Sie die letzten Anmeldungen und Sitzungen des Kontos, und beenden Sie Sitzungen, die Sie nicht kennen.
push-report-close = Schließen

## backup-dialog

backup-title = Sicherungen
backup-intro = Ihr erstes Konto ist eingetragen. Sichern Sie es jetzt, damit Sie nicht ausgesperrt sind, wenn Ihr Computer verloren geht oder kaputtgeht.
backup-change = Ordner oder Passwort ändern
backup-setup-p-after-every-change-keyfob = Nach jeder Änderung schreibt Keyfob eine verschlüsselte Sicherung aller Ihrer Konten in einen Ordner Ihrer Wahl: am besten auf einem anderen Laufwerk oder in einem Ordner, den Ihr Cloud-Speicher synchronisiert.
backup-setup-label-folder = Ordner
backup-folder =
    .placeholder = /home/name/Sicherungen
backup-choose = Auswählen…
backup-setup-label-backup-password = Passwort für die Sicherungen
backup-setup-label-the-same-password-again = Dasselbe Passwort noch einmal
backup-setup-label-backups-to-keep = Anzahl aufbewahrter Sicherungen
backup-setup-p-you-will-need-this = Sie brauchen dieses Passwort, um Ihre Konten wiederherzustellen. Keyfob speichert es nicht: Schreiben Sie es auf und bewahren Sie es an einem sicheren Ort auf.
backup-off = Ausschalten
backup-now = Jetzt sichern
backup-close = Schließen
backup-on = Sicherungen einschalten

## transfer-dialog

transfer-title = Importieren oder exportieren
transfer-dialog-h3-bring-accounts-in = Konten importieren
transfer-dialog-p-from-an-export-of = Aus einem Export von Aegis, 2FAS, Bitwarden, andOTP oder Ente Auth, einer Liste von <code>otpauth://</code>-Links, einer Keyfob-Sicherung oder allen QR-Bildern eines Google Authenticator-Exports. Sie sehen, was hinzugefügt wird, bevor sich etwas ändert.
import-choose = Datei auswählen…
transfer-dialog-h3-take-accounts-out = Konten exportieren
export-phone = Auf ein Telefon: QR-Codes für Google Authenticator…
transfer-dialog-label-to-aegis-an-encrypted = Für Aegis: eine verschlüsselte Datei, mit diesem Passwort
export-aegis = Speichern…
transfer-dialog-button-close = Schließen

## import-password-dialog

import-password-title = Dieser Export ist geschützt
import-password-form-p-type-the-password-you = Geben Sie das Passwort ein, das Sie beim Exportieren aus der anderen App gewählt haben.
import-password-form-label-password = Passwort
import-password-cancel = Abbrechen
import-password-confirm = Öffnen

## phone-dialog

phone-title = Auf ein Telefon übertragen
phone-warning = Diese QR-Codes enthalten Ihre Geheimnisse: Wer sie fotografiert, kann Ihre Codes erzeugen. Zeigen Sie sie nur Ihrem eigenen Telefon, in Google Authenticator unter <em>Konten übertragen → Konten importieren</em>.
phone-show = Codes anzeigen
phone-qr =
    .alt = QR-Code zum Scannen mit Ihrem Telefon
phone-prev = Zurück
phone-next = Weiter
phone-done = Fertig

## rename-dialog

rename-title = Bearbeiten
rename-dialog-label-service = Dienst
rename-dialog-label-account = Konto
rename-dialog-label-groups = Gruppen
rename-groups =
    .placeholder = z. B. Arbeit, Lohnabrechnung
rename-groups-help = Trennen Sie Gruppen mit Kommas; ein Konto kann in mehreren Gruppen sein.
rename-icon-row-span-icon = Symbol
icon-automatic = Automatisch
icon-letter = Buchstabe
icon-file = Aus einer Datei…
icon-search =
    .aria-label = Markensymbole durchsuchen
    .placeholder = Markensymbole nach Namen suchen
icon-results =
    .aria-label = Markensymbole
rename-dialog-label-websites = Websites
rename-sites =
    .placeholder = z. B. example.com
rename-sites-help = Nur Seiten dieser Websites bekommen in Ihrem Browser die Codes dieses Kontos. Trennen Sie sie mit Kommas.
rename-dialog-label-note = Notiz
rename-note =
    .placeholder = Verschlüsselt bei Ihren Konten gespeichert
rename-qr = Als QR-Code anzeigen…
rename-dialog-button-cancel = Abbrechen
rename-confirm = Speichern

## pairing-dialog

pairing-title = Einen Browser mit Keyfob koppeln?
pairing-form-p-pair-it-only-if = Koppeln Sie ihn nur, wenn die Keyfob-Erweiterung in Ihrem Browser genau diesen Code zeigt:
pairing-form-p-if-your-browser-shows = Wenn Ihr Browser einen anderen Code zeigt oder Sie das Koppeln nicht gerade selbst angefordert haben, wählen Sie Nicht koppeln: Vielleicht gibt sich eine andere Erweiterung als die von Keyfob aus, um Ihre Codes abzugreifen.
pairing-refuse = Nicht koppeln
pairing-confirm = Koppeln

## site-link-dialog

site-link-title = Eine Website mit einem Konto verknüpfen?
site-link-form-p-your-browser-asks-for = Ihr Browser fragt nach Codes für
site-link-form-p-which-account-do-you = Mit welchem Konto melden Sie sich dort an?
site-link-form-p-link-a-site-only = Verknüpfen Sie eine Website nur, wenn Sie dieses Konto dort wirklich verwenden. Eine Adresse, die nur ähnlich aussieht, ist eine Betrugsseite (Phishing): Wählen Sie Nicht jetzt.
site-link-scope-legend-which-pages-get-the = Welche Seiten den Code bekommen
site-link-scope-site = Jede Seite der Website
site-link-scope-host = Nur der Host dieser Seite
site-link-dismiss = Nicht jetzt
site-link-confirm = Verknüpfen

## delete-dialog

delete-title = Dieses Konto entfernen?
delete-dialog-p-make-sure-you-can = Stellen Sie sicher, dass Sie sich bei diesem Dienst noch auf andere Weise anmelden können (mit einem Wiederherstellungscode, einer anderen Authenticator-App), bevor Sie es entfernen.
delete-dialog-button-cancel = Abbrechen
delete-confirm = Entfernen

## help-dialog

help-title = Tastenkürzel
help-keys-search = <kbd>/</kbd>
help-does-search = Ihre Konten durchsuchen
help-keys-rows = <kbd>↓</kbd> <kbd>↑</kbd>
help-does-rows = Von der Suche in die Liste; von Konto zu Konto
help-keys-first-last = <kbd>Pos1</kbd> <kbd>Ende</kbd>
help-does-first-last = Das erste oder das letzte Konto
help-keys-cells = <kbd>→</kbd> <kbd>←</kbd>
help-does-cells = Von einem Konto zu seinen Schaltflächen Kopieren und Weitere Aktionen und zurück
help-keys-copy = <kbd>Eingabe</kbd>
help-does-copy = Den Code des ausgewählten Kontos kopieren
help-keys-time-left = <kbd>T</kbd>
help-does-time-left = Ansagen, wie lange der Code noch gilt
help-keys-menu = <kbd>Umschalt</kbd>+<kbd>F10</kbd>
help-does-menu = Weitere Aktionen für das Konto: anheften, verschieben, bearbeiten, entfernen
help-keys-remove = <kbd>Entf</kbd>
help-does-remove = Das Konto entfernen (mit Rückfrage)
help-keys-undo = <kbd>Strg</kbd>+<kbd>Z</kbd>
help-does-undo = Das zuletzt entfernte Konto zurückholen
help-keys-add = <kbd>Strg</kbd>+<kbd>N</kbd>
help-does-add = Ein Konto hinzufügen
help-keys-paste = <kbd>Strg</kbd>+<kbd>V</kbd>
help-does-paste = Aus einem kopierten QR-Code-Bild oder Einrichtungslink hinzufügen
help-keys-lock = <kbd>Strg</kbd>+<kbd>L</kbd>
help-does-lock = Keyfob sperren (wenn es eine Passphrase hat)
help-keys-close = <kbd>Esc</kbd>
help-does-close = Ein Fenster oder Menü schließen, ohne etwas zu ändern
help-keys-help = <kbd>F1</kbd> oder <kbd>?</kbd>
help-does-help = Diese Liste
help-close = Schließen

## main

toast-action = Rückgängig

## row-menu

row-menu-button-pin-to-the-top = Oben anheften
row-menu-button-move-up = Nach oben
row-menu-button-move-down = Nach unten
row-menu-button-edit = Bearbeiten…
row-menu-button-remove = Entfernen…

## main

palette-palette-query =
    .aria-label = Ein Konto suchen
    .placeholder = Code kopieren von…
palette-palette-list =
    .aria-label = Konten
palette-palette-keys = ↑ ↓ wählen · Eingabe kopiert · Esc schließt

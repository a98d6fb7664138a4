# Was die Rust-Seite der Desktop-App selbst sagt, auf Deutsch (siehe locales/en/app.ftl und
# docs/glossary.md für die Wörter): ihre eigenen Fehler (die gemeinsamen stehen in errors.ftl), den
# Infobereich, Benachrichtigungen, Systemdialoge und den Status der Kamera. Keine Pfade und keine
# Fehlernummern: der technische Grund geht als Details neben einem Fehler mit.

## Bilder, Links und die Zwischenablage

app-error-no-qr-found = Kein QR-Code gefunden: Achten Sie darauf, dass der ganze Code scharf und nicht abgeschnitten im Bild ist.
app-hint-whole-qr = Verwenden Sie ein Bildschirmfoto, auf dem der ganze QR-Code zu sehen ist.
app-error-not-an-image = Dies ist kein Bild, das Keyfob lesen kann (PNG, JPEG, WebP, GIF oder BMP).
app-error-image-unreadable = Das Bild kann nicht gelesen werden. Nehmen Sie es neu auf oder speichern Sie es in einem anderen Format.
app-error-image-too-large = Das Bild hat { $width }×{ $height } Pixel, mehr als Keyfob liest ({ $max } Megapixel). Schneiden Sie es auf den QR-Code zu.
app-error-qr-no-link = Der QR-Code enthält keinen otpauth://-Link.
app-hint-qr-not-setup = Dieser QR-Code ist kein Code zum Einrichten der Zwei-Faktor-Anmeldung.
app-error-qr-unusable = Keyfob kann mit diesem QR-Code kein Konto einrichten: Sein Inhalt ist unvollständig oder beschädigt.
app-error-link-none = Der Text enthält keinen otpauth://-Link.
app-error-link-unusable = Keyfob kann mit diesem Link kein Konto einrichten: Er ist unvollständig oder beschädigt.
app-hint-whole-link = Kopieren Sie den ganzen Link, den der Dienst beim Einrichten gezeigt hat.
app-error-copy-failed = Keyfob kann den Code nicht in die Zwischenablage legen. Versuchen Sie es erneut.
app-error-copy-details-failed = Keyfob kann die Details nicht in die Zwischenablage legen. Versuchen Sie es erneut.
app-error-clipboard-unreadable = Keyfob kann die Zwischenablage nicht lesen. Versuchen Sie es erneut.
app-error-clipboard-empty = Die Zwischenablage enthält weder ein Bild noch Text.
app-hint-clipboard-empty = Kopieren Sie zuerst ein Bildschirmfoto des QR-Codes oder den otpauth://-Link.

## Der Bildschirm und die Kamera

app-error-screen-unseen = Keyfob kann den Bildschirm nicht sehen.
app-error-screen-unsupported = Keyfob kann hier kein Bildschirmfoto aufnehmen.
app-hint-screen = Nehmen Sie ein Bildschirmfoto auf und fügen Sie es ein (Strg+V), oder wählen Sie die Bilddatei.
app-error-camera-none = Es wurde keine Kamera gefunden.
app-hint-camera-none = Schließen Sie eine Kamera an, oder scannen Sie den Code vom Bildschirm oder aus einer Bilddatei.
app-error-camera-busy = Die Kamera wird von einem anderen Programm verwendet.
app-error-camera-silent = Die Kamera hat { $seconds } Sekunden lang kein Bild gesendet.
app-hint-camera-busy = Schließen Sie das andere Programm, das die Kamera verwendet (ein Videoanruf, ein anderer Scanner), und versuchen Sie es erneut.
app-error-camera-refused = Der Zugriff auf die Kamera wurde verweigert.
app-hint-camera-refused = Erlauben Sie Keyfob die Kamera in den Datenschutzeinstellungen Ihres Systems (Kamera) und versuchen Sie es erneut.
app-error-camera-unsupported = Die Kamera wird auf diesem System noch nicht unterstützt.
app-hint-camera-unsupported = Scannen Sie den Code vom Bildschirm oder aus einer Bilddatei.
app-error-camera-failed = Die Kamera kann nicht verwendet werden.
app-hint-camera-failed = Versuchen Sie es erneut, oder scannen Sie den Code vom Bildschirm oder aus einer Bilddatei.
app-camera-using = { $device } wird verwendet. Suche nach einem QR-Code…
app-camera-not-setup = Dieser QR-Code ist kein Code zum Einrichten der Zwei-Faktor-Anmeldung. Zeigen Sie den Code, den der Dienst Ihnen gegeben hat.


## Passwörter, Sicherungen, Exporte, Symbole

app-error-password-too-short = Ein Passwort muss mindestens { $min } Zeichen haben. Wählen Sie ein längeres.
app-error-export-cancelled = Es wurde nichts angezeigt.
app-error-no-such-icon = Keyfob hat kein Symbol mit diesem Namen.
app-error-picture-unreadable = Keyfob kann dieses Bild nicht als Symbol verwenden. Wählen Sie ein anderes Bild.
app-error-autostart = Keyfob kann nicht ändern, ob es bei der Anmeldung startet. Versuchen Sie es erneut.
app-error-sites-changed = Die Websites des Kontos haben sich geändert, während Sie bestätigt haben: Es wurde nichts geändert.
app-hint-sites-changed = Öffnen Sie das Konto erneut und prüfen Sie seine Websites.
app-error-site-link-changed = Inzwischen wollte eine andere Website verknüpft werden. Es wurde nichts verknüpft.
app-error-pairing-code = Das ist nicht der Kopplungscode, den Keyfob gezeigt hat. Es wurde nichts gekoppelt.
app-error-push-decision = Keyfob hat diese Antwort auf die Anmeldeanfrage nicht verstanden. Es wurde nichts gesendet.
app-error-unexpected = In Keyfob ist etwas schiefgegangen. Versuchen Sie es erneut.

## Systemdialoge: Bestätigungen (ihre Titel sind Fragen) und Dateiauswahl

app-confirm-cancel = Abbrechen
app-confirm-cancelled = Nicht bestätigt: Es wurde nichts geändert.
app-confirm-passphrase-title = Keyfob mit dieser Passphrase schützen?
app-confirm-passphrase = Von jetzt an öffnet sich Keyfob nur mit der Passphrase, die Sie gerade eingegeben haben, und der Schlüssel verlässt den Passwortspeicher Ihres Computers. Wenn Sie die Passphrase vergessen, sind Ihre Codes verloren, außer Sie haben eine Sicherung.
app-confirm-passphrase-yes = Passphrase verwenden
app-confirm-backup-title = In diesen Ordner sichern?
app-confirm-backup = Nach jeder Änderung kopiert Keyfob alle Ihre Konten, geschützt mit dem Sicherungspasswort, das Sie gerade eingegeben haben, nach { $folder } und behält die letzten { $keep }. Wer diesen Ordner lesen kann und das Passwort kennt, hat Ihre Codes.
app-confirm-backup-yes = Dorthin sichern
app-confirm-lock-off-title = Keyfob nicht mehr sperren?
app-confirm-lock-off-idle = Keyfob sperrt sich nicht mehr, wenn es nicht verwendet wird: Ihre Codes bleiben für jeden an diesem Computer offen.
app-confirm-lock-off-screen = Keyfob sperrt sich nicht mehr, wenn der Bildschirm gesperrt wird oder der Computer schläft: Ihre Codes bleiben für jeden an diesem Computer offen.
app-confirm-lock-off-both = Keyfob sperrt sich nicht mehr, wenn es nicht verwendet wird, und auch nicht, wenn der Bildschirm gesperrt wird oder der Computer schläft: Ihre Codes bleiben für jeden an diesem Computer offen.
app-confirm-lock-off-yes = Nicht mehr sperren
app-confirm-sites-title = Diesen Websites Codes geben?
app-confirm-sites = { $account } gibt seine Codes an Seiten von: { $sites }. Fahren Sie nur fort, wenn Sie sich dort bei { $account } anmelden.
app-confirm-sites-yes = Dort Codes geben
app-confirm-export-title = Ihre geheimen Schlüssel als QR-Codes zeigen?
app-confirm-export-one = Keyfob zeigt { $account } als QR-Code, der seinen geheimen Schlüssel enthält. Wer ihn fotografiert, kann Ihre Codes erzeugen. Zeigen Sie ihn nur Ihrem eigenen Telefon.
app-confirm-export-all = { $count ->
    [one] Keyfob zeigt { $count } Konto als QR-Code, der seinen geheimen Schlüssel enthält. Wer ihn fotografiert, kann Ihre Codes erzeugen. Zeigen Sie ihn nur Ihrem eigenen Telefon.
   *[other] Keyfob zeigt { $count } Konten als QR-Codes, die ihre geheimen Schlüssel enthalten. Wer sie fotografiert, kann Ihre Codes erzeugen. Zeigen Sie sie nur Ihrem eigenen Telefon.
}
app-confirm-export-yes = Die Codes zeigen
app-pick-qr-image = Wählen Sie das Bild mit dem QR-Code
app-pick-images = Bilder
app-pick-backup-folder = Wählen Sie, wo Keyfob die Sicherungen aufbewahrt
app-pick-import = Wählen Sie die Exportdatei Ihrer anderen Authenticator-App
app-pick-aegis = Den Aegis-Export speichern
app-pick-icon = Wählen Sie ein Bild für das Symbol

## Der Infobereich, Benachrichtigungen, Schnellkopieren, Browser

app-tray-toggle = Keyfob zeigen / ausblenden
app-tray-locked = Gesperrt
app-tray-lock = Keyfob sperren
app-tray-copy = Code kopieren: { $account }
app-tray-quit = Keyfob beenden
app-push-title = Bei { $service } anmelden?
app-push-body = { $question }: Öffnen Sie Keyfob, um zuzustimmen oder abzulehnen.
app-push-body-number = { $question }: Öffnen Sie Keyfob und wählen Sie die Zahl, die die Anmeldeseite zeigt.
app-push-waiting-title = Eine Anmeldeanfrage wartet
app-push-waiting-body = Entsperren Sie Keyfob, um sie zu beantworten.
app-palette-title = Keyfob Schnellkopieren
app-shortcut-wayland = Dieser Wayland-Desktop lässt keine App selbst ein Tastenkürzel belegen. Fügen Sie in den Tastatureinstellungen Ihres Desktops eines hinzu, das dies ausführt: keyfob-app --quick-copy
app-error-shortcut-invalid = { $shortcut } kann nicht das Tastenkürzel sein.
app-hint-shortcut = Verwenden Sie Umschalttasten und eine Taste, etwa Strg+Alt+K.
app-error-shortcut-not-saved = Das Tastenkürzel kann nicht gespeichert werden. Versuchen Sie es erneut.
app-browser-chromium = Chromium, Chrome oder ein anderer Browser auf Chromium-Basis
app-browser-firefox = Firefox
app-browser-unnamed = ein Programm, das keinen Browser nannte

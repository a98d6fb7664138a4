# Die eigenen Worte des keyfob-Befehls (siehe locales/en/cli.ftl). Ein Terminal, also sind Optionen und
# Befehlszeilen hier richtig. Maschinenlesbare Ausgaben (--json, Exit-Status, das Protokoll des
# Browser-Hosts) werden nie übersetzt.

## Rund um jeden Fehler

cli-details = Details: { $details }
cli-warning = Warnung: { $reason }
cli-cannot-write-output = die Ausgabe kann nicht geschrieben werden

## Hinweise, die das Terminal einer gemeinsamen Meldung hinzufügt

cli-hint-passphrase-file = geben Sie sie mit --passphrase-file DATEI oder KEYFOB_PASSPHRASE_FILE an
cli-hint-auto-backup-on = schalten Sie sie ein mit: keyfob auto-backup on ORDNER --password-file DATEI
cli-hint-init-passphrase = um den Schlüssel stattdessen hinter einer Passphrase zu halten: keyfob init --passphrase-file DATEI
cli-hint-restore-previous = um zur vorigen Version zurückzukehren: cp { $previous } { $vault }
cli-hint-remove = um es neu einzurichten, entfernen Sie es zuerst: keyfob remove { $id }
cli-hint-password-file = geben Sie das Passwort mit --password-file DATEI an
cli-hint-format = nennen Sie das Format mit --format ({ $formats })
cli-hint-add-push = scannen Sie einen QR-Code für Anmeldeanfragen mit keyfob add --scan
cli-hint-answer = fügen Sie --answer hinzu
cli-hint-push-list = siehe keyfob push list
cli-hint-add = fügen Sie eines mit keyfob add hinzu
cli-keep-out-of-range = --keep muss 1 bis { $max } sein
cli-minutes-out-of-range = --minutes muss 0 (aus) bis { $max } sein

## Eingaben: Links, Dateien, Passwörter

cli-stdin-no-link = kein otpauth://-Link auf der Standardeingabe
cli-stdin-several-lines = die Standardeingabe enthält mehrere Zeilen; geben Sie einen otpauth://-Link an
cli-invalid-link = ungültiger otpauth://-Link: { $reason }
cli-input-unreadable = { $stdin ->
    [yes] die Standardeingabe
   *[no] { $file }
} kann nicht gelesen werden
cli-input-too-large = { $stdin ->
    [yes] die Standardeingabe
   *[no] { $file }
} enthält mehr als { $kib } KiB; geben Sie Links oder ein Geheimnis an, eines pro Zeile
cli-input-not-text = { $stdin ->
    [yes] die Standardeingabe
   *[no] { $file }
} ist kein Text
cli-secret-file-unreadable = die Datei mit { $what ->
    [passphrase] der Passphrase
    [new-passphrase] der neuen Passphrase
    [backup-password] dem Sicherungspasswort
    [export-password] dem Exportpasswort
   *[password] dem Passwort
} kann nicht gelesen werden: { $file }
cli-secret-too-short = { $what ->
    [passphrase] die Passphrase muss
    [new-passphrase] die neue Passphrase muss
    [backup-password] das Sicherungspasswort muss
    [export-password] das Exportpasswort muss
   *[password] das Passwort muss
} mindestens { $min } Zeichen haben
cli-no-vault-folder = es ist unklar, wo Ihre Konten gespeichert werden sollen; geben Sie --vault ORDNER an oder setzen Sie KEYFOB_HOME
cli-export-choose = wählen Sie --uris, --aegis DATEI oder --google-qr ORDNER
cli-out-dir-man-only = --out-dir gilt nur für Man-Pages

## Hinzufügen und importieren

cli-account-unusable = dieses Konto kann nicht hinzugefügt werden: { $reason }
cli-links-unusable = es wurde nichts hinzugefügt: { $problems }
cli-registering = Anmeldung bei { $host }: der Push-Schlüssel dieses Computers für { $serial } wird erzeugt (einige Sekunden)…
cli-added = hinzugefügt als { $id }: { $name }
cli-added-push = hinzugefügt als { $id }: { $name } (Anmeldeanfragen von { $server }, Seriennummer { $serial })
cli-already-there = schon vorhanden als { $id }, übersprungen: { $name }
cli-already-there-push = schon vorhanden als { $id }, übersprungen: { $name } (Anmeldeanfragen)
cli-unknown-format = unbekanntes Format `{ $format }` (erwartet wird eines von { $formats })
cli-not-imported = nicht importiert: { $problem }
cli-imported-without = importiert ohne: { $part }
cli-import-summary = { $added } hinzugefügt, { $there } schon vorhanden, { $refused } nicht importiert
cli-nothing-imported = aus { $file } konnte nichts importiert werden
cli-nothing-imported-files = aus den Dateien konnte nichts importiert werden

## Bilder und die Kamera scannen

cli-scan-file-problem = { $file }: { $problem }
cli-scan-nothing = kein otpauth://-Link gefunden in { $problems }
cli-scan-no-account = der QR-Code enthält kein Konto
cli-scan-unusable = der QR-Code enthält nichts, was Keyfob hinzufügen kann: { $problems }
cli-scan-unreadable = die Datei kann nicht gelesen werden ({ $reason })
cli-scan-too-large = die Datei ist größer als { $mib } MiB; ist sie wirklich ein Bild?
cli-scan-not-an-image = kein unterstütztes Bild (PNG, JPEG, WebP, GIF oder BMP)
cli-scan-damaged-image = das Bild konnte nicht gelesen werden ({ $reason })
cli-scan-too-many-pixels = das Bild hat { $width }×{ $height } Pixel, mehr als { $max } Megapixel; schneiden Sie es auf den QR-Code zu
cli-scan-no-code = kein QR-Code gefunden; achten Sie darauf, dass der ganze Code im Bild ist, scharf und nicht abgeschnitten
cli-scan-undecodable = das Bild konnte nicht gelesen werden ({ $reason })
cli-camera-using = Verwendet: { $device }
cli-camera-note = der Code der Kamera: { $problem }
cli-camera-no-code = innerhalb von { $seconds } s kam kein QR-Code ins Bild
cli-camera-none = es wurde keine Kamera gefunden. Schließen Sie eine Kamera an, oder scannen Sie den Code vom Bildschirm oder aus einer Bilddatei.
cli-camera-busy = die Kamera wird von einem anderen Programm verwendet. Schließen Sie dieses Programm (ein Videoanruf, ein anderer Scanner) und versuchen Sie es erneut.
cli-camera-refused = der Zugriff auf die Kamera wurde verweigert. Erlauben Sie Keyfob die Kamera in den Datenschutzeinstellungen Ihres Systems (Kamera) und versuchen Sie es erneut.
cli-camera-silent = die Kamera hat { $seconds } Sekunden lang kein Bild gesendet. Schließen Sie das andere Programm, das die Kamera verwendet (ein Videoanruf, ein anderer Scanner), und versuchen Sie es erneut.
cli-camera-unsupported = die Kamera wird auf diesem System noch nicht unterstützt. Scannen Sie den Code vom Bildschirm oder aus einer Bilddatei.
cli-camera-failed = die Kamera konnte nicht verwendet werden. Versuchen Sie es erneut, oder scannen Sie den Code vom Bildschirm oder aus einer Bilddatei.

## Ihre Konten

cli-vault-created = eine leere Kontenliste in { $path } angelegt, ihr Schlüssel { $key ->
    [passphrase] hinter Ihrer Passphrase
   *[keychain] im Passwortspeicher Ihres Computers
}
cli-no-accounts-yet = noch keine Konten; fügen Sie eines mit keyfob add hinzu
cli-vault-empty = es gibt noch keine Konten; fügen Sie zuerst eines hinzu (keyfob add)
cli-list-hotp = hotp, Zähler { $counter }
cli-list-codes = { $kind }, { $digits } Ziffern
cli-list-push = push, Seriennummer { $serial }
cli-no-match = kein Konto passt zu `{ $query }`; siehe keyfob list
cli-seconds-left = noch { $seconds } s
cli-hotp-on-request = (hotp: keyfob code { $id })
cli-rename-nothing = nichts zu ändern; geben Sie --issuer, --no-issuer oder --account an
cli-renamed = umbenannt { $id }: { $name }
cli-sites-none = Konto { $id } ist mit keiner Website verknüpft
cli-sites-linked = Konto { $id } ist verknüpft mit { $sites }
cli-remove-unconfirmed = ein Konto wird nicht ohne Bestätigung entfernt; verwenden Sie ein Terminal, oder geben Sie --yes an
cli-remove-confirm = { $name } (Nummer { $id }) entfernen? Seine Codes verschwinden aus Keyfob; stellen Sie sicher, dass Sie sich noch auf andere Weise anmelden können. [j/N]
# Die Antworten, die ja bedeuten, durch Leerzeichen getrennt (y und yes gelten immer auch).
cli-yes-answers = j ja
cli-answer-unreadable = die Antwort kann nicht gelesen werden
cli-not-removed = nicht entfernt
cli-removed = entfernt { $id }: { $name }

## Exporte und Sicherungen

cli-plain-text-unconfirmed = dies schreibt jedes Geheimnis als lesbaren Text; wer es sieht, kann Ihre Codes erzeugen. Fügen Sie --i-understand-this-prints-secrets hinzu, um fortzufahren
cli-exported = { $count } Konten nach { $file } exportiert ({ $how ->
    [encrypted] verschlüsselt
   *[plain] als lesbarer Text
})
cli-folder-not-created = { $folder } kann nicht angelegt werden
cli-wrote-qr = { $file } geschrieben (QR-Code { $index } von { $count })
cli-not-exported-google = nicht exportiert: { $name }: Google Authenticator kann diese Art Konto nicht aufnehmen
cli-backed-up = { $count } Konten in { $file } gesichert
cli-backed-up-to = gesichert in { $file }
cli-backup-folder-unresolved = der Sicherungsordner { $folder } kann nicht bestimmt werden
cli-first-backup-failed = automatische Sicherungen sind ein, aber die erste ist fehlgeschlagen
cli-auto-backup-on = automatische Sicherungen ein: nach jeder Änderung nach { $folder }, die letzten { $keep } werden behalten; erste Sicherung: { $first }
cli-auto-backup-off = automatische Sicherungen aus (bereits geschriebene Sicherungen bleiben erhalten)
cli-auto-backup-status-on = ein: nach jeder Änderung nach { $folder }, die letzten { $keep } werden behalten
cli-auto-backup-status-off = aus: einschalten mit keyfob auto-backup on ORDNER --password-file DATEI
cli-last-backup = letzte Sicherung: { $file } (Unix-Zeit { $time })
cli-last-backup-never = letzte Sicherung: nie
cli-last-backup-failed = letzter Versuch fehlgeschlagen: { $reason }
cli-hint-backup-saved = die Änderung selbst wurde gespeichert; um anderswo zu sichern: keyfob auto-backup on ORDNER --password-file DATEI

## Sperren

cli-prompt-current-passphrase = Aktuelle Passphrase:
cli-prompt-new-passphrase = Neue Passphrase:
cli-prompt-passphrase-again = Noch einmal dieselbe:
cli-passphrase-unreadable = die Passphrase kann nicht gelesen werden
cli-new-passphrase-needed = geben Sie die neue Passphrase mit --new-passphrase-file DATEI an (oder verwenden Sie ein Terminal)
cli-passphrases-differ = die beiden Passphrasen sind nicht gleich; es wurde nichts geändert
cli-lock-mode = Modus: { $mode ->
    [keychain] Passwortspeicher: Ihre Konten öffnen sich mit Ihrer Desktop-Sitzung; jeder an dieser entsperrten Sitzung kann die Codes lesen
   *[passphrase] Passphrase: Ihre Konten öffnen sich nur mit Ihrer Passphrase
}
cli-auto-lock-off = automatisch sperren: aus
cli-auto-lock-after = automatisch sperren: nach { $minutes ->
    [one] 1 Minute ohne Eingabe
   *[other] { $minutes } Minuten ohne Eingabe
}
cli-lock-on-screen-lock = mit dem Bildschirm sperren: { $switch ->
    [on] ein
   *[off] aus
}
cli-passphrase-set = der Schlüssel Ihrer Konten liegt jetzt hinter Ihrer Passphrase, und sein Eintrag im Passwortspeicher Ihres Computers wurde gelöscht; geben Sie die Passphrase mit --passphrase-file DATEI oder KEYFOB_PASSPHRASE_FILE an
cli-passphrase-changed = Passphrase geändert
cli-passphrase-removed = der Schlüssel Ihrer Konten liegt wieder im Passwortspeicher Ihres Computers: sie öffnen sich mit Ihrer Desktop-Sitzung, und jeder an dieser entsperrten Sitzung kann die Codes lesen

## Anmeldeanfragen (Push-Bestätigung)

cli-push-unreachable = der Anmeldedienst war nicht erreichbar: { $problems }
cli-no-login-waiting = keine Anmeldung wartet auf Bestätigung
cli-login-waiting = { $account }: { $question }{ $has_options ->
    [yes] { " " }[wählen Sie die Zahl auf der Anmeldeseite: { $options }]
   *[no] {""}
}{ $expires ->
    [-1] {""}
   *[other] { " " }(läuft ab in { $expires } s)
}
cli-answer-refused = der Server hat die Antwort für { $name } nicht angenommen
cli-approved = bestätigt: { $name }
cli-denied = abgelehnt: { $name }
cli-denied-not-me = abgelehnt und als nicht von Ihnen gemeldet: { $name }; seine Anfragen werden { $minutes } Minuten lang stummgeschaltet. Wenn Sie sich nicht anmelden wollten, ändern Sie das Passwort dieses Kontos
cli-warning-insecure-push = Warnung: Anmeldeanfragen für { $name } wurden über eine unverschlüsselte Verbindung eingerichtet (http://{ $host }); richten Sie sie über https neu ein

## Die Uhr

cli-time-check-off = die Uhrprüfung ist aus (KEYFOB_TIME_SERVER=off); geben Sie --server HOST:PORT an
cli-time-unchecked = die Uhr konnte nicht geprüft werden: { $reason }. Codes verwenden die Uhr dieses Computers, wie sie ist
cli-time-clock-off = die Uhr dieses Computers { $direction ->
    [behind] geht { $seconds } s nach
   *[ahead] geht { $seconds } s vor
}; Codes werden abgelehnt, bis das behoben ist

## Browser

cli-browser-unreadable = vom Browser kann nicht gelesen werden
cli-browser-request-too-large = die Anfrage hat { $bytes } Bytes; höchstens { $max } werden gelesen
cli-browser-request-cut = die Anfrage des Browsers wurde abgeschnitten
cli-browser-unanswered = dem Browser kann nicht geantwortet werden
cli-browser-not-ours = dieser Host antwortet nur der eigenen Browsererweiterung von Keyfob
cli-pairing-code-invalid = ein Kopplungscode hat sechs Ziffern
cli-paired = gekoppelt: Browser { $id }
cli-already-paired = schon gekoppelt: Browser { $id }
cli-no-browser-paired = kein Browser ist gekoppelt
cli-paired-at = gekoppelt um { $time }
cli-unpaired = entkoppelt: Browser { $id }; er bekommt jetzt nichts mehr von Keyfob
cli-no-home = es ist unklar, wo der Home-Ordner ist
cli-no-program-path = es ist unklar, wo keyfob liegt
cli-browser-installed = installiert für { $browser }: { $file }
cli-file-removed = entfernt: { $file }
cli-file-not-removed = { $file } kann nicht entfernt werden
cli-file-not-written = { $file } kann nicht geschrieben werden

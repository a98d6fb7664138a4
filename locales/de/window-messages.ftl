# Was die Skripte des Fensters sagen (ui/js, ui/app.js), übersetzt aus locales/en/window-messages.ftl
# (docs/glossary.md hat die Begriffe). Variablen heißen nach dem, was sie enthalten; eine Zahl, die den
# Satz verändert, wählt ihre Form hier (Fluent-Pluralformen), nie im Skript.

## Der Uhr-Hinweis und die Uhrprüfung in den Einstellungen (ui/app.js)

# $amount ist clock-seconds, clock-minutes oder clock-hours; $direction ist "behind" (nach) oder "ahead" (vor).
clock-seconds = { $count } s
clock-minutes = { $count ->
    [one] { $count } Minute
   *[other] { $count } Minuten
}
clock-hours = { $count ->
    [one] { $count } Stunde
   *[other] { $count } Stunden
}
clock-corrected = Die Uhr dieses Computers geht { $amount } { $direction ->
    [behind] nach
   *[ahead] vor
}. Die Codes werden entsprechend korrigiert; stellen Sie die Uhr in Ihren Systemeinstellungen richtig.
clock-needs-confirmation = Laut Zeitservern geht die Uhr dieses Computers { $amount } { $direction ->
    [behind] nach
   *[ahead] vor
}. Das ist mehr, als Keyfob selbst korrigiert: Wenn Ihre Uhr richtig geht, täuscht vielleicht jemand eine falsche Zeit vor. Korrigieren Sie die Codes nur, wenn Sie sicher wissen, dass die Uhr falsch geht.
clock-off = Die Uhr dieses Computers geht { $amount } { $direction ->
    [behind] nach
   *[ahead] vor
}, deshalb werden Codes möglicherweise abgelehnt. Stellen Sie die Uhr in Ihren Systemeinstellungen richtig.
clock-stop-correcting = Nicht mehr korrigieren
clock-correct = Codes korrigieren
clock-unchecked = Die Uhr konnte nicht geprüft werden (keine Internetverbindung, oder die Prüfung ist aus).
clock-see-banner = Die Uhr dieses Computers geht falsch; siehe den Hinweis über der Liste.
clock-right = Die Uhr dieses Computers geht richtig (auf { $seconds } s genau).

## Sperren und Einstellungen (ui/app.js)

lock-not-possible = Keyfob öffnet sich, sobald Sie am Computer angemeldet sind, deshalb kann es nicht gesperrt werden. Legen Sie in den Einstellungen eine Passphrase fest, um es sperren zu können.
settings-mode-keychain = Der Passwortspeicher Ihres Computers: Keyfob öffnet sich, sobald Sie am Computer angemeldet sind, also kann jeder, der an diesem Computer sitzt, während Sie angemeldet sind, Ihre Codes sehen. Mit einer Passphrase kann Keyfob sich auch selbst sperren.
settings-mode-passphrase = Passphrase: Keyfob öffnet sich nur mit Ihrer Passphrase und sperrt sich wieder wie unten eingestellt.
settings-change-passphrase = Passphrase ändern
settings-protect = Keyfob mit einer Passphrase schützen
settings-set = Passphrase festlegen
passphrases-differ = Die beiden Passphrasen stimmen nicht überein.
passphrase-changed = Passphrase geändert
passphrase-set = Keyfob öffnet sich jetzt nur mit Ihrer Passphrase
passphrase-removed = Keyfob öffnet sich jetzt, sobald Sie am Computer angemeldet sind
settings-saved = Gespeichert.
shortcut-set = Drücken Sie { $shortcut } an beliebiger Stelle, um einen Code zu kopieren.
shortcut-none = Kein Tastenkürzel.

## Hinzufügen (ui/js/add.js)

drop-not-image = Ziehen Sie eine Bilddatei des QR-Codes hierher.

## Sicherungen (ui/js/backups.js)

# Wie lange die letzte Sicherung her ist, in backed-up-ago und backup-state-last.
ago-now = gerade eben
ago-minutes = { $count ->
    [one] vor { $count } Minute
   *[other] vor { $count } Minuten
}
ago-hours = { $count ->
    [one] vor { $count } Stunde
   *[other] vor { $count } Stunden
}
ago-days = { $count ->
    [one] vor { $count } Tag
   *[other] vor { $count } Tagen
}
backups-off = Sicherungen: aus
backups-on = Sicherungen: an
backup-failed = Sicherung fehlgeschlagen: Grund ansehen
backed-up-ago = Gesichert { $ago }
backup-state-on = An: nach jeder Änderung, in { $folder }; die letzten { $keep } werden behalten.
backup-state-off = Aus: Es wurde noch nichts gesichert.
backup-state-last = Letzte Sicherung: { $ago }.
backup-save = Speichern
backup-turn-on = Sicherungen einschalten
passwords-differ = Die beiden Passwörter stimmen nicht überein.
backup-first-failed = Sicherungen sind an, aber die erste ist fehlgeschlagen
backed-up = Gesichert

## Die Kamera (ui/js/camera.js)

camera-starting = Kamera wird gestartet…

## Fehler (ui/js/errors.js)

error-unknown = Etwas ist schiefgegangen.

## Die Liste (ui/js/list.js)

insecure-push = Ohne Verschlüsselung eingerichtet: Richten Sie es über eine https://-Seite neu ein
pinned-tag = ★ Angeheftet
click-again-to-copy = Keyfob ist jetzt im Vordergrund: Klicken Sie noch einmal, um zu kopieren
copy-code-for = Code für { $account } kopieren
next-code-for = Nächster Code für { $account }
more-actions-for = Weitere Aktionen für { $account }
pin = Oben anheften
unpin = Nicht mehr oben anheften
push-approval = Anmeldeanfragen
row-push = { $account }: bestätigt Anmeldeanfragen des Anmeldedienstes
row-push-insecure = { $account }: bestätigt Anmeldeanfragen des Anmeldedienstes. Achtung: Ohne Verschlüsselung eingerichtet: Richten Sie es über eine https://-Seite neu ein
get-code = Code abrufen
row-hotp = { $account }, zählerbasiert: Drücken Sie die Eingabetaste für den nächsten Code
row-code = { $account }: Code { $code }. Drücken Sie die Eingabetaste zum Kopieren.
next-code = nächster { $code }
time-left-none = { $account }: kein Zeitlimit
time-left = { $account }: Code { $code }, ändert sich in { $seconds ->
    [one] { $seconds } Sekunde
   *[other] { $seconds } Sekunden
}
copied = Kopiert: Code für { $service }
pinned = { $account } oben angeheftet
unpinned = { $account } nicht mehr angeheftet
all-accounts = Alle Konten
saved = Gespeichert
removed = { $account } entfernt. Mit Strg+Z holen Sie es zurück.
removed-for-good = { $account } entfernt.
nothing-to-undo = Nichts zum Zurückholen
undone = { $account } ist wieder da
icon-picture = Ihr Bild
icon-letter-avatar = Anfangsbuchstabe

## Einen Browser koppeln (ui/js/pairing.js)

pairing-asks = Die Keyfob-Erweiterung in { $browser } möchte Codes von Keyfob erhalten.
paired = Gekoppelt: Die Keyfob-Erweiterung dieses Browsers erhält Codes für die Websites, die Sie verknüpfen
browsers-none = Noch keine. Die Browser-Erweiterung von Keyfob bittet beim ersten Gebrauch darum, gekoppelt zu werden.
browser-paired = { $browser }, gekoppelt am { $date }
browser-remove = Entkoppeln
    .aria-label = { $browser } entkoppeln, gekoppelt am { $date }
browser-removed = Entkoppelt: Dieser Browser erhält jetzt nichts mehr von Keyfob

## Das Schnellkopierfenster (ui/js/palette.js)

palette-locked = Keyfob ist gesperrt. Drücken Sie die Eingabetaste, um es zu entsperren.
palette-no-match = Kein passendes Konto.

## Konten auf ein Telefon übertragen (ui/js/phone.js)

phone-count = QR-Code { $index } von { $count }
phone-title-one = { $account } als QR-Code anzeigen
phone-warning-one = Dieser QR-Code enthält das Geheimnis des Kontos: Wer ihn fotografiert, kann seine Codes erzeugen. Zeigen Sie ihn nur Ihrem eigenen Telefon, in einer beliebigen Authenticator-App.
phone-left-out = Nicht enthalten (Google Authenticator kann es nicht aufnehmen): { $account }

## Die Vorschau beim Hinzufügen (ui/js/preview.js)

preview-note = mit einer Notiz
preview-push-from = Anmeldeanfragen von { $server }
preview-push = Anmeldeanfragen
preview-duplicate = bereits hinzugefügt
preview-title-one = Dieses Konto hinzufügen?
preview-title-many = Diese { $count } Konten hinzufügen?
preview-add = { $count ->
    [one] Hinzufügen
   *[other] { $count } hinzufügen
}
push-setting-up = Anmeldeanfragen werden beim Anmeldedienst eingerichtet…
accounts-added = { $count ->
    [one] Konto hinzugefügt
   *[other] { $count } Konten hinzugefügt
}
link-no-account = Der Link enthält kein Konto.

## Anmeldeanfragen (ui/js/push.js)

push-title-service = Bei { $service } anmelden?
push-folded = { $count ->
    [one] { $count } früherer Versuch wurde mit diesem zusammengefasst.
   *[other] { $count } frühere Versuche wurden mit diesem zusammengefasst.
}
push-hint-numbers = Wählen Sie die Zahl, die die Anmeldeseite zeigt.
push-hint-no-numbers = Bestätigen Sie nur, wenn Sie sich gerade selbst anmelden.
push-approve = Bestätigen
push-approve-number = { $number }
    .aria-label = Bestätigen: Die Anmeldeseite zeigt { $number }
push-expired = Die Anmeldeanfrage ist abgelaufen
push-expires-in = Läuft ab in { $time }
push-announce-numbers = Bei { $service } anmelden? Wählen Sie die Zahl, die die Anmeldeseite zeigt: { $numbers }, oder Keine dieser Zahlen.
push-announce = Bei { $service } anmelden? Bestätigen Sie nur, wenn Sie sich gerade selbst anmelden.
push-not-taken = Der Anmeldedienst hat die Antwort nicht angenommen
push-approved = Bestätigt
push-denied = Abgelehnt
push-reported = Die Anmeldung bei { $service } als { $account } wurde abgelehnt und dem Anmeldedienst gemeldet.
push-waiting = { $count ->
    [one] Eine Anmeldeanfrage wartet. Entsperren Sie Keyfob, um sie zu beantworten.
   *[other] { $count } Anmeldeanfragen warten. Entsperren Sie Keyfob, um sie zu beantworten.
}

## Eine Website verknüpfen (ui/js/site_link.js)

site-already-linked = Bereits verknüpft
site-linked-to = Verknüpft mit { $sites }
site-lookalike = Das ist nicht { $sites }. { $account } ist mit { $linked } verknüpft: Eine Website mit ähnlichem Namen ist typisch für eine Phishing-Seite.
site-scope-site = Jede Seite von { $site }
site-scope-host = Nur { $host }
site-no-account = Kein Konto hier liefert Codes, die sich mit der Zeit ändern.
site-choose-first = Wählen Sie zuerst das Konto, mit dem Sie sich dort anmelden.
site-linked-host = { $host } ist verknüpft: Nur seine Seiten erhalten die Codes dieses Kontos
site-linked-site = { $site } ist verknüpft: Seine Seiten erhalten die Codes dieses Kontos

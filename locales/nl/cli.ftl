# De eigen woorden van het keyfob-commando (zie locales/en/cli.ftl). Een terminal, dus opties en
# commandoregels mogen hier. Machineleesbare uitvoer (--json, afsluitcodes, het protocol van de
# browserhost) wordt nooit vertaald.

## Rond elke fout

cli-details = details: { $details }
cli-warning = waarschuwing: { $reason }
cli-cannot-write-output = kan de uitvoer niet schrijven

## Tips die de terminal aan een gedeelde melding toevoegt

cli-hint-passphrase-file = geef hem met --passphrase-file BESTAND of KEYFOB_PASSPHRASE_FILE
cli-hint-auto-backup-on = zet ze aan met: keyfob auto-backup on MAP --password-file BESTAND
cli-hint-init-passphrase = om de sleutel in plaats daarvan achter een wachtwoordzin te bewaren: keyfob init --passphrase-file BESTAND
cli-hint-restore-previous = om terug te gaan naar de vorige versie: cp { $previous } { $vault }
cli-hint-remove = verwijder het eerst om het opnieuw in te stellen: keyfob remove { $id }
cli-hint-password-file = geef het wachtwoord met --password-file BESTAND
cli-hint-format = noem het formaat met --format ({ $formats })
cli-hint-add-push = scan een QR-code voor inlogverzoeken met keyfob add --scan
cli-hint-answer = voeg --answer toe
cli-hint-push-list = zie keyfob push list
cli-hint-add = voeg er een toe met keyfob add
cli-keep-out-of-range = --keep moet 1 tot { $max } zijn
cli-minutes-out-of-range = --minutes moet 0 (uit) tot { $max } zijn

## Invoer: links, bestanden, wachtwoorden

cli-stdin-no-link = geen otpauth://-link op standaardinvoer
cli-stdin-several-lines = standaardinvoer bevat meerdere regels; geef één otpauth://-link
cli-invalid-link = ongeldige otpauth://-link: { $reason }
cli-input-unreadable = kan { $stdin ->
    [yes] standaardinvoer
   *[no] { $file }
} niet lezen
cli-input-too-large = { $stdin ->
    [yes] standaardinvoer
   *[no] { $file }
} bevat meer dan { $kib } KiB; geef links of een geheim, één per regel
cli-input-not-text = { $stdin ->
    [yes] standaardinvoer
   *[no] { $file }
} is geen tekst
cli-secret-file-unreadable = kan het bestand met { $what ->
    [passphrase] de wachtwoordzin
    [new-passphrase] de nieuwe wachtwoordzin
    [backup-password] het wachtwoord voor de reservekopie
    [export-password] het wachtwoord voor de export
   *[password] het wachtwoord
} niet lezen: { $file }
cli-secret-too-short = { $what ->
    [passphrase] de wachtwoordzin
    [new-passphrase] de nieuwe wachtwoordzin
    [backup-password] het wachtwoord voor de reservekopie
    [export-password] het wachtwoord voor de export
   *[password] het wachtwoord
} moet minstens { $min } tekens hebben
cli-no-vault-folder = kan niet bepalen waar je accounts bewaard worden; geef --vault MAP of zet KEYFOB_HOME
cli-export-choose = kies --uris, --aegis BESTAND of --google-qr MAP
cli-out-dir-man-only = --out-dir is alleen voor man-pagina's

## Toevoegen en importeren

cli-account-unusable = kan dit account niet toevoegen: { $reason }
cli-links-unusable = er is niets toegevoegd: { $problems }
cli-registering = aanmelden bij { $host }: de push-sleutel van deze computer maken voor { $serial } (een paar seconden)…
cli-added = toegevoegd als { $id }: { $name }
cli-added-push = toegevoegd als { $id }: { $name } (inlogverzoeken van { $server }, serienummer { $serial })
cli-already-there = al aanwezig als { $id }, overgeslagen: { $name }
cli-already-there-push = al aanwezig als { $id }, overgeslagen: { $name } (inlogverzoeken)
cli-unknown-format = onbekend formaat `{ $format }` (verwacht een van { $formats })
cli-not-imported = niet geïmporteerd: { $problem }
cli-imported-without = geïmporteerd zonder: { $part }
cli-import-summary = { $added } toegevoegd, { $there } al aanwezig, { $refused } niet geïmporteerd
cli-nothing-imported = er kon niets worden geïmporteerd uit { $file }
cli-nothing-imported-files = er kon niets worden geïmporteerd uit de bestanden

## Afbeeldingen en de camera scannen

cli-scan-file-problem = { $file }: { $problem }
cli-scan-nothing = geen otpauth://-link gevonden in { $problems }
cli-scan-no-account = de QR-code bevat geen account
cli-scan-unusable = de QR-code bevat niets wat Keyfob kan toevoegen: { $problems }
cli-scan-unreadable = kan het bestand niet lezen ({ $reason })
cli-scan-too-large = het bestand is groter dan { $mib } MiB; is het wel een afbeelding?
cli-scan-not-an-image = geen ondersteunde afbeelding (PNG, JPEG, WebP, GIF of BMP)
cli-scan-damaged-image = de afbeelding kon niet worden gelezen ({ $reason })
cli-scan-too-many-pixels = de afbeelding is { $width }×{ $height } pixels, meer dan { $max } megapixels; snijd haar bij tot de QR-code
cli-scan-no-code = geen QR-code gevonden; zorg dat de hele code in beeld is, scherp en niet afgesneden
cli-scan-undecodable = de afbeelding kon niet worden gelezen ({ $reason })
cli-camera-using = Gebruikt: { $device }
cli-camera-note = de code van de camera: { $problem }
cli-camera-no-code = binnen { $seconds } s kwam er geen QR-code in beeld
cli-camera-none = er is geen camera gevonden. Sluit een camera aan, of scan de code van het scherm of uit een afbeeldingsbestand.
cli-camera-busy = de camera wordt door een ander programma gebruikt. Sluit dat programma (een videogesprek, een andere scanner) en probeer het opnieuw.
cli-camera-refused = toegang tot de camera is geweigerd. Sta Keyfob toe de camera te gebruiken in de privacy-instellingen van je systeem (Camera) en probeer het opnieuw.
cli-camera-silent = de camera stuurde { $seconds } seconden lang geen beeld. Sluit het andere programma dat de camera gebruikt (een videogesprek, een andere scanner) en probeer het opnieuw.
cli-camera-unsupported = de camera wordt op dit systeem nog niet ondersteund. Scan de code van het scherm of uit een afbeeldingsbestand.
cli-camera-failed = de camera kon niet worden gebruikt. Probeer het opnieuw, of scan de code van het scherm of uit een afbeeldingsbestand.

## Je accounts

cli-vault-created = een lege lijst met accounts gemaakt in { $path }, de sleutel { $key ->
    [passphrase] achter je wachtwoordzin
   *[keychain] in de wachtwoordopslag van je computer
}
cli-no-accounts-yet = nog geen accounts; voeg er een toe met keyfob add
cli-vault-empty = er zijn nog geen accounts; voeg er eerst een toe (keyfob add)
cli-list-hotp = hotp, teller { $counter }
cli-list-codes = { $kind }, { $digits } cijfers
cli-list-push = push, serienummer { $serial }
cli-no-match = geen account past bij `{ $query }`; zie keyfob list
cli-seconds-left = nog { $seconds } s
cli-hotp-on-request = (hotp: keyfob code { $id })
cli-rename-nothing = niets te wijzigen; geef --issuer, --no-issuer of --account
cli-renamed = hernoemd { $id }: { $name }
cli-sites-none = account { $id } is aan geen enkele website gekoppeld
cli-sites-linked = account { $id } is gekoppeld aan { $sites }
cli-remove-unconfirmed = een account wordt niet zonder bevestiging verwijderd; gebruik een terminal, of geef --yes
cli-remove-confirm = { $name } (nummer { $id }) verwijderen? De codes verdwijnen uit Keyfob; zorg dat je nog op een andere manier kunt inloggen. [j/N]
# De antwoorden die ja betekenen, gescheiden door spaties (y en yes gelden altijd ook).
cli-yes-answers = j ja
cli-answer-unreadable = kan het antwoord niet lezen
cli-not-removed = niet verwijderd
cli-removed = verwijderd { $id }: { $name }

## Exports en reservekopieën

cli-plain-text-unconfirmed = dit schrijft elk geheim als leesbare tekst; wie het ziet, kan je codes maken. Voeg --i-understand-this-prints-secrets toe om door te gaan
cli-exported = { $count } accounts geëxporteerd naar { $file } ({ $how ->
    [encrypted] versleuteld
   *[plain] als leesbare tekst
})
cli-folder-not-created = kan { $folder } niet aanmaken
cli-wrote-qr = { $file } geschreven (QR-code { $index } van { $count })
cli-not-exported-google = niet geëxporteerd: { $name }: Google Authenticator kan dit soort account niet bewaren
cli-backed-up = reservekopie van { $count } accounts gemaakt in { $file }
cli-backed-up-to = reservekopie gemaakt in { $file }
cli-backup-folder-unresolved = kan de map voor reservekopieën { $folder } niet vinden
cli-first-backup-failed = automatische reservekopieën staan aan, maar de eerste is mislukt
cli-auto-backup-on = automatische reservekopieën aan: na elke wijziging naar { $folder }, de laatste { $keep } worden bewaard; eerste reservekopie: { $first }
cli-auto-backup-off = automatische reservekopieën uit (reservekopieën die al geschreven zijn, blijven bewaard)
cli-auto-backup-status-on = aan: na elke wijziging naar { $folder }, de laatste { $keep } worden bewaard
cli-auto-backup-status-off = uit: zet aan met keyfob auto-backup on MAP --password-file BESTAND
cli-last-backup = laatste reservekopie: { $file } (Unix-tijd { $time })
cli-last-backup-never = laatste reservekopie: nooit
cli-last-backup-failed = laatste poging mislukt: { $reason }
cli-hint-backup-saved = de wijziging zelf is opgeslagen; om ergens anders een reservekopie te maken: keyfob auto-backup on MAP --password-file BESTAND

## Vergrendelen

cli-prompt-current-passphrase = Huidige wachtwoordzin:
cli-prompt-new-passphrase = Nieuwe wachtwoordzin:
cli-prompt-passphrase-again = Nog eens dezelfde:
cli-passphrase-unreadable = kan de wachtwoordzin niet lezen
cli-new-passphrase-needed = geef de nieuwe wachtwoordzin met --new-passphrase-file BESTAND (of gebruik een terminal)
cli-passphrases-differ = de twee wachtwoordzinnen zijn niet gelijk; er is niets veranderd
cli-lock-mode = modus: { $mode ->
    [keychain] wachtwoordopslag: je accounts gaan open met je bureaubladsessie; iedereen aan deze ontgrendelde sessie kan de codes lezen
   *[passphrase] wachtwoordzin: je accounts gaan alleen open met je wachtwoordzin
}
cli-auto-lock-off = automatisch vergrendelen: uit
cli-auto-lock-after = automatisch vergrendelen: na { $minutes ->
    [one] 1 minuut niets doen
   *[other] { $minutes } minuten niets doen
}
cli-lock-on-screen-lock = vergrendelen met het scherm: { $switch ->
    [on] aan
   *[off] uit
}
cli-passphrase-set = de sleutel van je accounts zit nu achter je wachtwoordzin, en de vermelding in de wachtwoordopslag van je computer is verwijderd; geef de wachtwoordzin met --passphrase-file BESTAND of KEYFOB_PASSPHRASE_FILE
cli-passphrase-changed = wachtwoordzin gewijzigd
cli-passphrase-removed = de sleutel van je accounts zit weer in de wachtwoordopslag van je computer: ze gaan open met je bureaubladsessie, en iedereen aan deze ontgrendelde sessie kan de codes lezen

## Inlogverzoeken (push-goedkeuring)

cli-push-unreachable = de inlogdienst was niet bereikbaar: { $problems }
cli-no-login-waiting = er wacht geen aanmelding op goedkeuring
cli-login-waiting = { $account }: { $question }{ $has_options ->
    [yes] { " " }[kies het getal op de inlogpagina: { $options }]
   *[no] {""}
}{ $expires ->
    [-1] {""}
   *[other] { " " }(verloopt over { $expires } s)
}
cli-answer-refused = de server nam het antwoord voor { $name } niet aan
cli-approved = goedgekeurd: { $name }
cli-denied = geweigerd: { $name }
cli-denied-not-me = geweigerd en gemeld als niet door jou: { $name }; de verzoeken ervan worden { $minutes } minuten stil gehouden. Probeerde je niet in te loggen, wijzig dan het wachtwoord van dat account
cli-warning-insecure-push = waarschuwing: inlogverzoeken voor { $name } zijn ingesteld over een onversleutelde verbinding (http://{ $host }); stel ze opnieuw in over https

## De klok

cli-time-check-off = de klokcontrole staat uit (KEYFOB_TIME_SERVER=off); geef --server HOST:POORT
cli-time-unchecked = de klok kon niet worden gecontroleerd: { $reason }. Codes gebruiken de klok van deze computer zoals hij is
cli-time-clock-off = de klok van deze computer loopt { $seconds } s { $direction ->
    [behind] achter
   *[ahead] voor
}; codes worden geweigerd tot dat is opgelost

## Browsers

cli-browser-unreadable = kan niet lezen van de browser
cli-browser-request-too-large = het verzoek is { $bytes } bytes; er worden er hoogstens { $max } gelezen
cli-browser-request-cut = het verzoek van de browser werd afgebroken
cli-browser-unanswered = kan de browser niet antwoorden
cli-browser-not-ours = deze host antwoordt alleen de eigen browserextensie van Keyfob
cli-pairing-code-invalid = een koppelcode is zes cijfers
cli-paired = gekoppeld: browser { $id }
cli-already-paired = al gekoppeld: browser { $id }
cli-no-browser-paired = er is geen browser gekoppeld
cli-paired-at = gekoppeld op { $time }
cli-unpaired = ontkoppeld: browser { $id }; hij krijgt nu niets meer van Keyfob
cli-no-home = kan niet bepalen waar de thuismap is
cli-no-program-path = kan niet bepalen waar keyfob staat
cli-browser-installed = geïnstalleerd voor { $browser }: { $file }
cli-file-removed = verwijderd: { $file }
cli-file-not-removed = kan { $file } niet verwijderen
cli-file-not-written = kan { $file } niet schrijven

# Wat de Rust-kant van de desktop-app zelf zegt, in het Nederlands (zie locales/en/app.ftl en
# docs/glossary.md voor de woorden): zijn eigen fouten (de gedeelde staan in errors.ftl), het systeemvak,
# meldingen, systeemvensters en de status van de camera. Geen paden en geen foutnummers: de technische
# reden gaat als details naast een fout mee.

## Afbeeldingen, links en het klembord

app-error-no-qr-found = Geen QR-code gevonden: zorg dat de hele code op de afbeelding staat, scherp en niet afgesneden.
app-hint-whole-qr = Gebruik een schermafbeelding waarop de hele QR-code te zien is.
app-error-not-an-image = Dit is geen afbeelding die Keyfob kan lezen (PNG, JPEG, WebP, GIF of BMP).
app-error-image-unreadable = De afbeelding kan niet gelezen worden. Maak haar opnieuw, of sla haar in een ander formaat op.
app-error-image-too-large = De afbeelding is { $width }×{ $height } pixels, meer dan Keyfob leest ({ $max } megapixels). Snijd haar bij tot de QR-code.
app-error-qr-no-link = De QR-code bevat geen otpauth://-link.
app-hint-qr-not-setup = Deze QR-code is geen code om inloggen in twee stappen in te stellen.
app-error-qr-unusable = Keyfob kan met deze QR-code geen account instellen: wat erin staat is onvolledig of beschadigd.
app-error-link-none = Er staat geen otpauth://-link in de tekst.
app-error-link-unusable = Keyfob kan met deze link geen account instellen: hij is onvolledig of beschadigd.
app-hint-whole-link = Kopieer de hele link die de dienst bij het instellen toonde.
app-error-copy-failed = Keyfob kan de code niet op het klembord zetten. Probeer het opnieuw.
app-error-copy-details-failed = Keyfob kan de details niet op het klembord zetten. Probeer het opnieuw.
app-error-clipboard-unreadable = Keyfob kan het klembord niet lezen. Probeer het opnieuw.
app-error-clipboard-empty = Er staat geen afbeelding en geen tekst op het klembord.
app-hint-clipboard-empty = Kopieer eerst een schermafbeelding van de QR-code, of de otpauth://-link.

## Het scherm en de camera

app-error-screen-unseen = Keyfob kan het scherm niet zien.
app-error-screen-unsupported = Keyfob kan hier geen schermafbeelding maken.
app-hint-screen = Maak een schermafbeelding en plak die (Ctrl+V), of kies het afbeeldingsbestand.
app-error-camera-none = Er is geen camera gevonden.
app-hint-camera-none = Sluit een camera aan, of scan de code van het scherm of uit een afbeeldingsbestand.
app-error-camera-busy = De camera wordt door een ander programma gebruikt.
app-error-camera-silent = De camera heeft { $seconds } seconden geen beeld gestuurd.
app-hint-camera-busy = Sluit het andere programma dat de camera gebruikt (een videogesprek, een andere scanner) en probeer het opnieuw.
app-error-camera-refused = Toegang tot de camera is geweigerd.
app-hint-camera-refused = Geef Keyfob toegang tot de camera in de privacy-instellingen van je systeem (Camera) en probeer het opnieuw.
app-error-camera-unsupported = De camera wordt op dit systeem nog niet ondersteund.
app-hint-camera-unsupported = Scan de code van het scherm of uit een afbeeldingsbestand.
app-error-camera-failed = De camera kan niet gebruikt worden.
app-hint-camera-failed = Probeer het opnieuw, of scan de code van het scherm of uit een afbeeldingsbestand.
app-camera-using = { $device } wordt gebruikt. Zoeken naar een QR-code…
app-camera-not-setup = Die QR-code is geen code om inloggen in twee stappen in te stellen. Toon de code die de dienst je gaf.


## Wachtwoorden, reservekopieën, exports, pictogrammen

app-error-password-too-short = Een wachtwoord moet minstens { $min } tekens hebben. Kies een langer wachtwoord.
app-error-export-cancelled = Er is niets getoond.
app-error-no-such-icon = Keyfob heeft geen pictogram met die naam.
app-error-picture-unreadable = Keyfob kan deze afbeelding niet als pictogram gebruiken. Kies een andere afbeelding.
app-error-autostart = Keyfob kan niet wijzigen of het bij het inloggen start. Probeer het opnieuw.
app-error-sites-changed = De websites van het account zijn gewijzigd terwijl je bevestigde: er is niets gewijzigd.
app-hint-sites-changed = Open het account opnieuw en controleer de websites.
app-error-site-link-changed = Intussen vroeg een andere website om gekoppeld te worden. Er is niets gekoppeld.
app-error-pairing-code = Dat is niet de koppelcode die Keyfob toonde. Er is niets gekoppeld.
app-error-push-decision = Keyfob begreep dat antwoord op het inlogverzoek niet. Er is niets verstuurd.
app-error-unexpected = Er ging binnen Keyfob iets mis. Probeer het opnieuw.

## Systeemvensters: bevestigingen (hun titels zijn vragen) en bestandskiezers

app-confirm-cancel = Annuleren
app-confirm-cancelled = Niet bevestigd: er is niets gewijzigd.
app-confirm-passphrase-title = Keyfob met deze wachtwoordzin beveiligen?
app-confirm-passphrase = Vanaf nu opent Keyfob alleen met de wachtwoordzin die je net typte, en de sleutel verlaat de wachtwoordopslag van je computer. Vergeet je de wachtwoordzin, dan ben je je codes kwijt, tenzij je een reservekopie hebt.
app-confirm-passphrase-yes = Wachtwoordzin gebruiken
app-confirm-backup-title = Een reservekopie in deze map maken?
app-confirm-backup = Na elke wijziging kopieert Keyfob al je accounts, beveiligd met het wachtwoord voor reservekopieën dat je net typte, naar { $folder } en bewaart de laatste { $keep }. Wie die map kan lezen en het wachtwoord kent, heeft je codes.
app-confirm-backup-yes = Daar reservekopieën maken
app-confirm-lock-off-title = Keyfob niet meer vergrendelen?
app-confirm-lock-off-idle = Keyfob vergrendelt niet meer als het niet gebruikt wordt: je codes blijven open voor iedereen aan deze computer.
app-confirm-lock-off-screen = Keyfob vergrendelt niet meer als het scherm vergrendelt of de computer slaapt: je codes blijven open voor iedereen aan deze computer.
app-confirm-lock-off-both = Keyfob vergrendelt niet meer als het niet gebruikt wordt, en ook niet als het scherm vergrendelt of de computer slaapt: je codes blijven open voor iedereen aan deze computer.
app-confirm-lock-off-yes = Niet meer vergrendelen
app-confirm-sites-title = Codes aan deze websites geven?
app-confirm-sites = { $account } geeft zijn codes aan pagina's van: { $sites }. Ga alleen verder als je daar bij { $account } inlogt.
app-confirm-sites-yes = Daar codes geven
app-confirm-export-title = Je geheime sleutels als QR-codes tonen?
app-confirm-export-one = Keyfob toont { $account } als een QR-code met de geheime sleutel erin. Wie hem fotografeert, kan je codes maken. Toon hem alleen aan je eigen telefoon.
app-confirm-export-all = { $count ->
    [one] Keyfob toont { $count } account als een QR-code met de geheime sleutel erin. Wie hem fotografeert, kan je codes maken. Toon hem alleen aan je eigen telefoon.
   *[other] Keyfob toont { $count } accounts als QR-codes met de geheime sleutels erin. Wie ze fotografeert, kan je codes maken. Toon ze alleen aan je eigen telefoon.
}
app-confirm-export-yes = De codes tonen
app-pick-qr-image = Kies de afbeelding met de QR-code
app-pick-images = Afbeeldingen
app-pick-backup-folder = Kies waar Keyfob de reservekopieën bewaart
app-pick-import = Kies het exportbestand van je andere authenticator-app
app-pick-aegis = De Aegis-export opslaan
app-pick-icon = Kies een afbeelding voor het pictogram

## Het systeemvak, meldingen, snel kopiëren, browsers

app-tray-toggle = Keyfob tonen / verbergen
app-tray-locked = Vergrendeld
app-tray-lock = Keyfob vergrendelen
app-tray-copy = Code kopiëren: { $account }
app-tray-quit = Keyfob afsluiten
app-push-title = Inloggen bij { $service }?
app-push-body = { $question }: open Keyfob om goed te keuren of te weigeren.
app-push-body-number = { $question }: open Keyfob en kies het getal dat de inlogpagina toont.
app-push-waiting-title = Er wacht een inlogverzoek
app-push-waiting-body = Ontgrendel Keyfob om het te beantwoorden.
app-palette-title = Keyfob snel kopiëren
app-shortcut-wayland = Deze Wayland-desktop laat geen app zelf een sneltoets nemen. Voeg er een toe in de toetsenbordinstellingen van je desktop die dit uitvoert: keyfob-app --quick-copy
app-error-shortcut-invalid = { $shortcut } kan de sneltoets niet zijn.
app-hint-shortcut = Gebruik toetsen als Ctrl en Alt met een gewone toets, zoals Ctrl+Alt+K.
app-error-shortcut-not-saved = De sneltoets kan niet bewaard worden. Probeer het opnieuw.
app-browser-chromium = Chromium, Chrome of een andere browser op basis van Chromium
app-browser-firefox = Firefox
app-browser-unnamed = een programma dat geen browser noemde

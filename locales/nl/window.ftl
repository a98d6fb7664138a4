# De pagina van het venster (ui/index.html, ui/palette.html) in het Nederlands (zie locales/en/window.ftl
# en docs/glossary.md voor de woorden). Ids zijn die van de elementen zelf waar ze er een hebben; ui/js/l10n.js
# vult elk element met data-l10n-id daaruit. Een waarde mag <strong>, <em>, <code>, <kbd>, <br> bevatten.

## main

search =
    .aria-label = Accounts zoeken
    .placeholder = Zoeken ( / )
add-button-add = Toevoegen
add-button =
    .title = Een account toevoegen (Ctrl+N)
filters-show = Tonen
group-filter =
    .aria-label = De accounts van een groep tonen
filters-order = Volgorde
sort =
    .aria-label = Volgorde van de lijst
sort-option-your-order = Je eigen volgorde
sort-option-by-name = Op naam
sort-option-most-used = Meest gebruikt
clock-toggle = Codes corrigeren
backup-banner-span-your-accounts-are-not = Er is nog geen reservekopie van je accounts. Raakt deze computer kwijt of gaat hij kapot, dan krijg je ze terug met een reservekopie.
backup-banner-open = Reservekopieën instellen
backup-banner-later = Niet nu
error-close =
    .aria-label = Dit bericht sluiten
    .title = Sluiten
error-copy-details = Details kopiëren voor ondersteuning
error-copy-details-done = Details gekopieerd: plak ze in je bericht aan je IT-ondersteuning.
accounts =
    .aria-label = Accounts
empty-h2-no-accounts-yet = Nog geen accounts
empty-p-when-a-service-asks = Als een dienst je vraagt om inloggen in twee stappen in te stellen, toont hij een QR-code. Laat die op het scherm staan en:
empty-scan = Het scherm scannen
empty-add = Andere manieren om toe te voegen…
empty-p-you-can-also-paste = Je kunt ook overal in dit venster een schermafbeelding van de QR-code (Ctrl+V) of een <code>otpauth://</code>-link plakken.
empty-moving-from-another-authenticator = Stap je over van een andere authenticator-app?
empty-import = De export importeren
empty-p-when-you-turn-on = Als je inloggen in twee stappen aanzet, toont de dienst ook <strong>herstelcodes</strong>. Bewaar ze op een veilige plek, niet op deze computer, en voeg een tweede manier van inloggen toe als de dienst die aanbiedt: daarmee kom je erin als deze computer kwijtraakt.
no-match = Geen account past bij je zoekopdracht.
settings-open = Instellingen
backup-open = Reservekopieën
transfer-open = Importeren of exporteren
help-open = Sneltoetsen

## add-dialog

add-title = Een account toevoegen
scan-screen = Het scherm scannen
scan-camera = Scannen met de camera
choose-image = Een afbeelding kiezen…
add-import = Importeren uit een andere app…
drop-zone = Sleep of plak (Ctrl+V) hier een schermafbeelding van de QR-code
add-dialog-label-or-paste-the-setup = …of plak de instellink
link-add = Link toevoegen
typed-summary-or-type-the-secret = …of typ de geheime sleutel
typed-label-service = Dienst
typed-issuer =
    .placeholder = bijv. Salarisadministratie
typed-label-your-account = Je account
typed-name =
    .placeholder = bijv. alice@example.com
typed-label-secret-key = Geheime sleutel
typed-secret =
    .placeholder = bijv. JBSW Y3DP EHPK 3PXP
typed-digits = Cijfers
typed-seconds = Seconden
typed-algorithm = Algoritme
typed-add = Dit account toevoegen
add-dialog-button-close = Sluiten

## camera-dialog

camera-title = Scannen met de camera
camera-preview =
    .alt = Wat de camera ziet
camera-dialog-p-hold-the-qr-code = Houd de QR-code (op papier of op een telefoon) stil voor de camera, zo groot dat hij ongeveer een derde van het beeld vult. Niets van wat de camera ziet, wordt bewaard.
camera-close = Sluiten

## preview-dialog

preview-title = Deze accounts toevoegen?
preview-dialog-p-also-save-the-strong = Bewaar ook de <strong>herstelcodes</strong> die de dienst je toont, op een veilige plek los van deze computer, en stel een tweede manier van inloggen in: daarmee kom je erin als deze computer kwijtraakt.
preview-cancel = Annuleren
preview-confirm = Toevoegen

## settings-dialog

settings-title = Instellingen
settings-form-h3-locking = Vergrendelen
settings-current-label = Huidige wachtwoordzin (om hem te wijzigen of te verwijderen)
settings-passphrase-label = Keyfob beveiligen met een wachtwoordzin
settings-passphrase =
    .placeholder = Minstens 8 tekens
settings-passphrase2 =
    .aria-label = De nieuwe wachtwoordzin nog een keer
    .placeholder = Nog een keer hetzelfde
settings-set-passphrase = Wachtwoordzin instellen
settings-remove-passphrase = Wachtwoordzin verwijderen
settings-locking-label-lock-after-this-many = Vergrendelen na zoveel minuten zonder gebruik (0: nooit)
settings-locking-lock-when-the-screen = Vergrendelen als het scherm vergrendelt of de computer in slaapstand gaat
settings-form-h3-privacy = Privacy
settings-form-hide-codes-until-their = Codes verbergen tot je op hun regel klikt (bij het delen van je scherm)
settings-form-show-codes-in-the = Codes tonen in de zoekfunctie van het bureaublad (GNOME, KDE); namen worden hoe dan ook gevonden
settings-form-h3-this-computer = Deze computer
settings-form-start-keyfob-when-i = Keyfob starten als ik inlog
settings-form-label-quick-copy-this-shortcut = Snel kopiëren: deze sneltoets opent overal een kleine zoekbalk; Enter kopieert de code
settings-shortcut =
    .placeholder = bijv. Ctrl+Alt+K (leeg: geen)
settings-shortcut-set = Instellen
    .aria-label = Sneltoets voor snel kopiëren instellen
settings-browsers-title = Browsers gekoppeld aan Keyfob
settings-form-p-only-these-browsers-keyfob = Alleen de Keyfob-extensie van deze browsers krijgt codes. Verwijder een browser die je niet meer gebruikt.
settings-backups = Reservekopieën…
settings-clock = De klok controleren
settings-form-button-close = Sluiten

## unlock-dialog

unlock-title = Je accounts ontgrendelen
unlock-form-p-this-vault-s-key = Je accounts zijn beveiligd met een wachtwoordzin. Typ hem om ze te openen.
unlock-form-label-passphrase = Wachtwoordzin
unlock-confirm = Ontgrendelen

## push-dialog

push-title = Log jij nu in?
push-hint = Kies het getal dat de inlogpagina toont.
push-options =
    .aria-label = Het getal dat de inlogpagina toont
push-none = Geen van deze getallen
push-not-me = Dit was ik niet
push-deny = Weigeren

## push-report-dialog

push-report-title = Inloggen geweigerd en gemeld
push-report-form-p-someone-who-knows-your = Iemand die je wachtwoord kent, probeert misschien in te loggen. Wat je nu kunt doen:
push-report-form-li-change-the-password-of = Wijzig nu het wachtwoord van dit account, vanaf een apparaat dat je vertrouwt.
push-report-form-li-tell-your-it-or = Meld het aan je IT-ondersteuning of je beveiligingsteam, als dit een werkaccount is.
push-report-form-li-check-the-account-s = Bekijk de recente aanmeldingen en sessies van het account, en beëindig de sessies die je niet kent.
push-report-close = Sluiten

## backup-dialog

backup-title = Reservekopieën
backup-intro = Je eerste account staat erin. Maak nu een reservekopie, zodat je niet buitengesloten raakt als je computer kwijtraakt of kapotgaat.
backup-change = De map of het wachtwoord wijzigen
backup-setup-p-after-every-change-keyfob = Na elke wijziging schrijft Keyfob een versleutelde reservekopie van al je accounts naar een map die je kiest: het liefst op een andere schijf, of in een map die je cloudopslag synchroniseert.
backup-setup-label-folder = Map
backup-folder =
    .placeholder = /home/naam/Reservekopieën
backup-choose = Kiezen…
backup-setup-label-backup-password = Wachtwoord voor de reservekopieën
backup-setup-label-the-same-password-again = Nog een keer hetzelfde wachtwoord
backup-setup-label-backups-to-keep = Aantal reservekopieën om te bewaren
backup-setup-p-you-will-need-this = Je hebt dit wachtwoord nodig om je accounts terug te zetten. Keyfob bewaart het niet: schrijf het op en bewaar het op een veilige plek.
backup-off = Uitzetten
backup-now = Nu een reservekopie maken
backup-close = Sluiten
backup-on = Reservekopieën aanzetten

## transfer-dialog

transfer-title = Importeren of exporteren
transfer-dialog-h3-bring-accounts-in = Accounts importeren
transfer-dialog-p-from-an-export-of = Uit een export van Aegis, 2FAS, Bitwarden, andOTP of Ente Auth, een lijst met <code>otpauth://</code>-links, een Keyfob-reservekopie, of alle QR-afbeeldingen van een Google Authenticator-export. Je ziet wat er wordt toegevoegd voordat er iets verandert.
import-choose = Een bestand kiezen…
transfer-dialog-h3-take-accounts-out = Accounts exporteren
export-phone = Naar een telefoon: QR-codes voor Google Authenticator…
transfer-dialog-label-to-aegis-an-encrypted = Naar Aegis: een versleuteld bestand, met dit wachtwoord
export-aegis = Opslaan…
transfer-dialog-button-close = Sluiten

## import-password-dialog

import-password-title = Deze export is beveiligd
import-password-form-p-type-the-password-you = Typ het wachtwoord dat je koos toen je uit de andere app exporteerde.
import-password-form-label-password = Wachtwoord
import-password-cancel = Annuleren
import-password-confirm = Openen

## phone-dialog

phone-title = Overzetten naar een telefoon
phone-warning = Deze QR-codes bevatten je geheimen: iedereen die ze fotografeert, kan je codes maken. Toon ze alleen aan je eigen telefoon, in Google Authenticator bij <em>Accounts overzetten → Accounts importeren</em>.
phone-show = De codes tonen
phone-qr =
    .alt = QR-code om met je telefoon te scannen
phone-prev = Vorige
phone-next = Volgende
phone-done = Klaar

## rename-dialog

rename-title = Bewerken
rename-dialog-label-service = Dienst
rename-dialog-label-account = Account
rename-dialog-label-groups = Groepen
rename-groups =
    .placeholder = bijv. Werk, Salarisadministratie
rename-groups-help = Scheid groepen met komma's; een account kan in meerdere groepen zitten.
rename-icon-row-span-icon = Pictogram
icon-automatic = Automatisch
icon-letter = Letter
icon-file = Uit een bestand…
icon-search =
    .aria-label = Merkpictogrammen zoeken
    .placeholder = Merkpictogrammen zoeken op naam
icon-results =
    .aria-label = Merkpictogrammen
rename-dialog-label-websites = Websites
rename-sites =
    .placeholder = bijv. example.com
rename-sites-help = Alleen pagina's van deze websites krijgen in je browser de codes van dit account. Scheid ze met komma's.
rename-dialog-label-note = Notitie
rename-note =
    .placeholder = Versleuteld bewaard bij je accounts
rename-qr = Tonen als QR-code…
rename-dialog-button-cancel = Annuleren
rename-confirm = Opslaan

## pairing-dialog

pairing-title = Een browser aan Keyfob koppelen?
pairing-form-p-pair-it-only-if = Koppel hem alleen als de Keyfob-extensie in je browser precies deze code toont:
pairing-form-p-if-your-browser-shows = Toont je browser een andere code, of vroeg je niet net zelf om te koppelen, kies dan Niet koppelen: misschien doet een andere extensie zich voor als die van Keyfob om je codes te stelen.
pairing-refuse = Niet koppelen
pairing-confirm = Koppelen

## site-link-dialog

site-link-title = Een website aan een account koppelen?
site-link-form-p-your-browser-asks-for = Je browser vraagt om codes voor
site-link-form-p-which-account-do-you = Met welk account log je daar in?
site-link-form-p-link-a-site-only = Koppel een website alleen als je dat account daar echt gebruikt. Een adres dat er alleen op lijkt, is een nepsite (phishing): kies Niet nu.
site-link-scope-legend-which-pages-get-the = Welke pagina's de code krijgen
site-link-scope-site = Elke pagina van de website
site-link-scope-host = Alleen de host van deze pagina
site-link-dismiss = Niet nu
site-link-confirm = Koppelen

## delete-dialog

delete-title = Dit account verwijderen?
delete-dialog-p-make-sure-you-can = Zorg dat je nog op een andere manier bij deze dienst kunt inloggen (een herstelcode, een andere authenticator-app) voordat je het verwijdert.
delete-dialog-button-cancel = Annuleren
delete-confirm = Verwijderen

## help-dialog

help-title = Sneltoetsen
help-keys-search = <kbd>/</kbd>
help-does-search = Je accounts doorzoeken
help-keys-rows = <kbd>↓</kbd> <kbd>↑</kbd>
help-does-rows = Van het zoekveld naar de lijst; van account naar account
help-keys-first-last = <kbd>Home</kbd> <kbd>End</kbd>
help-does-first-last = Het eerste of het laatste account
help-keys-cells = <kbd>→</kbd> <kbd>←</kbd>
help-does-cells = Van een account naar de knoppen Kopiëren en Meer acties, en terug
help-keys-copy = <kbd>Enter</kbd>
help-does-copy = De code kopiëren van het account waar je op staat
help-keys-time-left = <kbd>T</kbd>
help-does-time-left = Zeggen hoe lang de code nog werkt
help-keys-menu = <kbd>Shift</kbd>+<kbd>F10</kbd>
help-does-menu = Meer acties voor het account: vastzetten, verplaatsen, bewerken, verwijderen
help-keys-remove = <kbd>Delete</kbd>
help-does-remove = Het account verwijderen (Keyfob vraagt het eerst)
help-keys-undo = <kbd>Ctrl</kbd>+<kbd>Z</kbd>
help-does-undo = Het laatst verwijderde account terugzetten
help-keys-add = <kbd>Ctrl</kbd>+<kbd>N</kbd>
help-does-add = Een account toevoegen
help-keys-paste = <kbd>Ctrl</kbd>+<kbd>V</kbd>
help-does-paste = Toevoegen uit een gekopieerde afbeelding van een QR-code of een instellink
help-keys-lock = <kbd>Ctrl</kbd>+<kbd>L</kbd>
help-does-lock = Keyfob vergrendelen (als het een wachtwoordzin heeft)
help-keys-close = <kbd>Esc</kbd>
help-does-close = Een venster of menu sluiten zonder iets te veranderen
help-keys-help = <kbd>F1</kbd> of <kbd>?</kbd>
help-does-help = Deze lijst
help-close = Sluiten

## main

toast-action = Ongedaan maken

## row-menu

row-menu-button-pin-to-the-top = Bovenaan vastzetten
row-menu-button-move-up = Omhoog
row-menu-button-move-down = Omlaag
row-menu-button-edit = Bewerken…
row-menu-button-remove = Verwijderen…

## main

palette-palette-query =
    .aria-label = Een account zoeken
    .placeholder = De code kopiëren van…
palette-palette-list =
    .aria-label = Accounts
palette-palette-keys = ↑ ↓ kiezen · Enter kopieert · Esc sluit

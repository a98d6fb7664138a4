# Wat de scripts van het venster zeggen (ui/js, ui/app.js), vertaald uit locales/en/window-messages.ftl
# (docs/glossary.md heeft de woorden). Variabelen heten naar wat ze bevatten; een getal dat de zin
# verandert, kiest hier zijn vorm (Fluent-meervouden), nooit in het script.

## De klokmelding en de klokcontrole in Instellingen (ui/app.js)

# $amount is clock-seconds, clock-minutes of clock-hours; $direction is "behind" (achter) of "ahead" (voor).
clock-seconds = { $count } s
clock-minutes = { $count ->
    [one] { $count } minuut
   *[other] { $count } minuten
}
clock-hours = { $count ->
    [one] { $count } uur
   *[other] { $count } uur
}
clock-corrected = De klok van deze computer loopt { $amount } { $direction ->
    [behind] achter
   *[ahead] voor
}. De codes worden daarvoor gecorrigeerd; zet de klok goed in je systeeminstellingen.
clock-needs-confirmation = Volgens tijdservers loopt de klok van deze computer { $amount } { $direction ->
    [behind] achter
   *[ahead] voor
}. Dat is meer dan Keyfob zelf corrigeert: als je klok goed staat, geeft iemand misschien een valse tijd door. Corrigeer de codes alleen als je zeker weet dat de klok verkeerd staat.
clock-off = De klok van deze computer loopt { $amount } { $direction ->
    [behind] achter
   *[ahead] voor
}, dus codes kunnen worden geweigerd. Zet de klok goed in je systeeminstellingen.
clock-stop-correcting = Niet meer corrigeren
clock-correct = Codes corrigeren
clock-unchecked = De klok kon niet worden gecontroleerd (geen internet, of de controle staat uit).
clock-see-banner = De klok van deze computer staat verkeerd; zie de melding boven de lijst.
clock-right = De klok van deze computer staat goed (op { $seconds } s na).

## Vergrendelen en Instellingen (ui/app.js)

lock-not-possible = Keyfob gaat open zodra je op de computer bent aangemeld, dus het kan niet worden vergrendeld. Stel bij Instellingen een wachtwoordzin in om het te kunnen vergrendelen.
settings-mode-keychain = De wachtwoordopslag van je computer: Keyfob gaat open zodra je op de computer bent aangemeld, dus iedereen die achter deze computer zit terwijl je bent aangemeld, kan je codes zien. Met een wachtwoordzin kan Keyfob zichzelf ook vergrendelen.
settings-mode-passphrase = Wachtwoordzin: Keyfob gaat alleen open met je wachtwoordzin, en vergrendelt weer zoals hieronder ingesteld.
settings-change-passphrase = Wachtwoordzin wijzigen
settings-protect = Keyfob beveiligen met een wachtwoordzin
settings-set = Wachtwoordzin instellen
passphrases-differ = De twee wachtwoordzinnen zijn niet hetzelfde.
passphrase-changed = Wachtwoordzin gewijzigd
passphrase-set = Keyfob gaat nu alleen open met je wachtwoordzin
passphrase-removed = Keyfob gaat nu open zodra je op de computer bent aangemeld
settings-saved = Opgeslagen.
shortcut-set = Druk waar je ook bent op { $shortcut } om een code te kopiëren.
shortcut-none = Geen sneltoets.

## Toevoegen (ui/js/add.js)

drop-not-image = Sleep een afbeelding van de QR-code hierheen.

## Reservekopieën (ui/js/backups.js)

# Hoe lang geleden de laatste reservekopie is gemaakt, in backed-up-ago en backup-state-last.
ago-now = zojuist
ago-minutes = { $count ->
    [one] { $count } minuut geleden
   *[other] { $count } minuten geleden
}
ago-hours = { $count ->
    [one] { $count } uur geleden
   *[other] { $count } uur geleden
}
ago-days = { $count ->
    [one] { $count } dag geleden
   *[other] { $count } dagen geleden
}
backups-off = Reservekopieën: uit
backups-on = Reservekopieën: aan
backup-failed = Reservekopie mislukt: bekijk waarom
backed-up-ago = Reservekopie gemaakt { $ago }
backup-state-on = Aan: na elke wijziging, in { $folder }; de laatste { $keep } worden bewaard.
backup-state-off = Uit: er is nog geen reservekopie gemaakt.
backup-state-last = Laatste reservekopie: { $ago }.
backup-save = Opslaan
backup-turn-on = Reservekopieën aanzetten
passwords-differ = De twee wachtwoorden zijn niet hetzelfde.
backup-first-failed = Reservekopieën staan aan, maar de eerste is mislukt
backed-up = Reservekopie gemaakt

## De camera (ui/js/camera.js)

camera-starting = De camera wordt gestart…

## Fouten (ui/js/errors.js)

error-unknown = Er ging iets mis.

## De lijst (ui/js/list.js)

insecure-push = Ingesteld zonder versleuteling: stel het opnieuw in vanaf een https://-pagina
pinned-tag = ★ Vastgezet
click-again-to-copy = Keyfob staat nu op de voorgrond: klik nog een keer om te kopiëren
copy-code-for = Code voor { $account } kopiëren
next-code-for = Volgende code voor { $account }
more-actions-for = Meer acties voor { $account }
pin = Bovenaan vastzetten
unpin = Niet meer bovenaan vastzetten
push-approval = Inlogverzoeken
row-push = { $account }: keurt inlogverzoeken van de inlogdienst goed
row-push-insecure = { $account }: keurt inlogverzoeken van de inlogdienst goed. Let op: ingesteld zonder versleuteling: stel het opnieuw in vanaf een https://-pagina
get-code = Code ophalen
row-hotp = { $account }, met teller: druk op Enter voor de volgende code
row-code = { $account }: code { $code }. Druk op Enter om te kopiëren.
next-code = volgende { $code }
time-left-none = { $account }: geen tijdslimiet
time-left = { $account }: code { $code }, verandert over { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } seconden
}
copied = Code voor { $service } gekopieerd
pinned = { $account } staat bovenaan vast
unpinned = { $account } staat niet meer bovenaan vast
all-accounts = Alle accounts
saved = Opgeslagen
removed = { $account } verwijderd. Met Ctrl+Z zet je het terug.
removed-for-good = { $account } verwijderd.
nothing-to-undo = Niets om terug te zetten
undone = { $account } is terug
icon-picture = Je afbeelding
icon-letter-avatar = Beginletter

## Een browser koppelen (ui/js/pairing.js)

pairing-asks = De Keyfob-extensie in { $browser } vraagt om codes van Keyfob te krijgen.
paired = Gekoppeld: de Keyfob-extensie van deze browser krijgt codes voor de websites die je koppelt
browsers-none = Nog geen. De browserextensie van Keyfob vraagt om te koppelen als je hem voor het eerst gebruikt.
browser-paired = { $browser }, gekoppeld op { $date }
browser-remove = Ontkoppelen
    .aria-label = { $browser } ontkoppelen, gekoppeld op { $date }
browser-removed = Ontkoppeld: die browser krijgt nu niets meer van Keyfob

## Het snelkopieervenster (ui/js/palette.js)

palette-locked = Keyfob is vergrendeld. Druk op Enter om het te ontgrendelen.
palette-no-match = Geen account gevonden.

## Accounts naar een telefoon overzetten (ui/js/phone.js)

phone-count = QR-code { $index } van { $count }
phone-title-one = { $account } als QR-code tonen
phone-warning-one = Deze QR-code bevat het geheim van het account: iedereen die er een foto van maakt, kan de codes ervan maken. Toon hem alleen aan je eigen telefoon, in een authenticator-app naar keuze.
phone-left-out = Niet meegenomen (Google Authenticator kan dit niet bewaren): { $account }

## Het overzicht bij toevoegen (ui/js/preview.js)

preview-note = met een notitie
preview-push-from = inlogverzoeken van { $server }
preview-push = inlogverzoeken
preview-duplicate = al toegevoegd
preview-title-one = Dit account toevoegen?
preview-title-many = Deze { $count } accounts toevoegen?
preview-add = { $count ->
    [one] Toevoegen
   *[other] { $count } toevoegen
}
push-setting-up = Inlogverzoeken instellen bij de inlogdienst…
accounts-added = { $count ->
    [one] Account toegevoegd
   *[other] { $count } accounts toegevoegd
}
link-no-account = De link bevat geen account.

## Inlogverzoeken (ui/js/push.js)

push-title-service = Inloggen bij { $service }?
push-folded = { $count ->
    [one] { $count } eerdere poging is hierbij samengevoegd.
   *[other] { $count } eerdere pogingen zijn hierbij samengevoegd.
}
push-hint-numbers = Kies het getal dat de inlogpagina toont.
push-hint-no-numbers = Keur alleen goed als je nu zelf aan het inloggen bent.
push-approve = Goedkeuren
push-approve-number = { $number }
    .aria-label = Goedkeuren: de inlogpagina toont { $number }
push-expired = Het inlogverzoek is verlopen
push-expires-in = Verloopt over { $time }
push-announce-numbers = Inloggen bij { $service }? Kies het getal dat de inlogpagina toont: { $numbers }, of Geen van deze getallen.
push-announce = Inloggen bij { $service }? Keur alleen goed als je nu zelf aan het inloggen bent.
push-not-taken = De inlogdienst heeft het antwoord niet aangenomen
push-approved = Goedgekeurd
push-denied = Geweigerd
push-reported = Het inloggen bij { $service } als { $account } is geweigerd en gemeld bij de inlogdienst.
push-waiting = { $count ->
    [one] Er wacht een inlogverzoek. Ontgrendel Keyfob om het te beantwoorden.
   *[other] Er wachten { $count } inlogverzoeken. Ontgrendel Keyfob om ze te beantwoorden.
}

## Een website koppelen (ui/js/site_link.js)

site-already-linked = Al gekoppeld
site-linked-to = Gekoppeld aan { $sites }
site-lookalike = Dit is niet { $sites }. { $account } is gekoppeld aan { $linked }: een website met een naam die erop lijkt, is precies hoe een phishingpagina eruitziet.
site-scope-site = Elke pagina van { $site }
site-scope-host = Alleen { $host }
site-no-account = Geen enkel account hier geeft codes die met de tijd veranderen.
site-choose-first = Kies eerst het account waarmee je daar inlogt.
site-linked-host = { $host } is gekoppeld: alleen de pagina's daarvan krijgen de codes van dit account
site-linked-site = { $site } is gekoppeld: de pagina's ervan krijgen de codes van dit account

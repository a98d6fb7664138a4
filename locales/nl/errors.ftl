# Wat Keyfob zegt als iets misgaat, in het keyfob-commando en in het venster (zie locales/en/errors.ftl
# en docs/glossary.md voor de woorden). Gewone taal: wat er gebeurde, en wat je kunt doen.

## Je accounts

error-no-accounts = Er zijn nog geen accounts. Voeg er eerst een toe.
error-nothing-to-export = Er zijn nog geen accounts, dus er is niets om te bewaren of te exporteren.
error-preview-changed = Er kwam iets nieuws binnen terwijl je keek, dus er is niets toegevoegd. Bekijk de lijst opnieuw en bevestig hem.
error-no-such-account = Er is geen account met nummer { $id }. Kijk of het nummer klopt.
error-too-many-accounts = Keyfob bewaart hoogstens { $max } accounts, en zoveel zijn er al. Verwijder er eerst een paar.
error-not-counter-based = Dit geldt niet voor account { $id }: de codes veranderen met de tijd, niet elke keer dat je erom vraagt.
error-organise-rejected = Keyfob kan deze groepen of deze notitie niet bewaren. Maak ze korter of gebruik minder groepen.
error-already-exists = Keyfob bewaart hier al accounts. Er is niets vervangen.
error-file = Keyfob kan je accounts op deze computer niet lezen of opslaan. Kijk of de schijf niet vol is en probeer het opnieuw.
error-accounts-damaged = Het bestand met je accounts is beschadigd, dus Keyfob heeft het niet aangeraakt. Zet je accounts terug uit een reservekopie, of vraag je IT-ondersteuning om hulp.
error-accounts-file-missing = Het bestand met je accounts ontbreekt, maar de vorige versie is er nog. Er is niets veranderd: zet de vorige versie terug, of vraag je IT-ondersteuning om hulp.
error-newer-version = Je accounts zijn opgeslagen door een nieuwere versie van Keyfob. Installeer de nieuwere Keyfob om ze te openen.
error-random = Deze computer kon de willekeurige getallen die Keyfob nodig heeft niet maken. Start de computer opnieuw op en probeer het nog eens.

## De regels voor elk account (een ingetypt of hernoemd account)

error-account-algorithm = Keyfob maakt geen codes met het algoritme { $algorithm }. Kies uit { $supported }.
error-account-digits = Een code moet tussen { $min } en { $max } cijfers hebben, niet { $digits }.
error-account-period = Een code moet tussen { $min } en { $max } seconden geldig zijn, niet { $period }.
error-account-type = Keyfob maakt geen { $type }-codes.
error-secret-empty = De geheime sleutel is leeg.
error-secret-not-base32 = Teken { $position } van de geheime sleutel kan er niet in staan: alleen de letters A tot Z en de cijfers 2 tot 7 kunnen dat.
error-secret-length = De geheime sleutel heeft { $length } letters en cijfers; dat kan geen hele sleutel zijn. Ontbreekt er een?
error-secret-too-long = De geheime sleutel is langer dan Keyfob aanneemt: hoogstens { $max } letters en cijfers.
error-name-too-long = { $field ->
        [issuer] De naam van de dienst
        [group] De naam van de groep
       *[account] De naam van je account
    } is te lang: Keyfob neemt hoogstens { $max } tekens aan (minder met letters zoals é). Maak hem korter.
error-name-control-character = { $field ->
        [issuer] De naam van de dienst
        [group] De naam van de groep
       *[account] De naam van je account
    } bevat een stuurteken (zoals een regeleinde of een tab), en dat kan niet in een naam. Typ hem opnieuw zonder.
error-name-invisible-character = { $field ->
        [issuer] De naam van de dienst
        [group] De naam van de groep
       *[account] De naam van je account
    } bevat een onzichtbaar teken, waardoor de ene naam op een andere kan lijken. Typ de naam in plaats van hem te plakken.
error-name-missing = Geef het account een naam, of de naam van de dienst.

## Vergrendelen: je wachtwoordzin en de wachtwoordopslag van je computer

error-passphrase-needed = Je accounts zijn beveiligd met een wachtwoordzin. Voer die in om ze te openen.
error-current-passphrase-needed = Voer je huidige wachtwoordzin in om hem te wijzigen of te verwijderen. Er is niets veranderd.
error-wrong-passphrase = Verkeerde wachtwoordzin: hij opent je accounts niet. Controleer hem en probeer het opnieuw.
error-passphrase-too-short = Een wachtwoordzin moet minstens 8 tekens hebben. Kies een langere.
error-not-passphrase-protected = Je accounts zijn niet beveiligd met een wachtwoordzin, dus er is er geen om te wijzigen of te verwijderen.
error-passphrase-derivation = Keyfob kon niet met deze wachtwoordzin werken. Probeer het opnieuw.
error-wrong-key = De sleutel in de wachtwoordopslag van je computer opent je accounts niet. Er is niets veranderd. Komen je accounts van een andere computer, neem dan ook de Keyfob-vermelding van die computer mee.
error-key-missing = De wachtwoordopslag van je computer heeft geen sleutel voor je accounts. Er is niets veranderd en er is geen nieuwe sleutel gemaakt. Is de wachtwoordopslag gewist, zet hem dan terug uit de reservekopie.
error-keychain-unavailable = Keyfob kan de wachtwoordopslag van je computer niet bereiken. Zorg dat die draait en ontgrendeld is, of beveilig je accounts in plaats daarvan met een wachtwoordzin.
error-keychain-locked = De wachtwoordopslag van je computer is vergrendeld of liet Keyfob niet toe. Ontgrendel hem en probeer het opnieuw, of beveilig je accounts in plaats daarvan met een wachtwoordzin.
error-keychain-failed = De wachtwoordopslag van je computer werkte niet. Probeer het opnieuw, of beveilig je accounts in plaats daarvan met een wachtwoordzin.
error-keychain-entry-invalid = De vermelding van Keyfob in de wachtwoordopslag van je computer bevat geen Keyfob-sleutel. Er is niets veranderd.
error-auto-lock-too-long = Keyfob kan zichzelf vergrendelen na 0 (nooit) tot { $max } minuten zonder gebruik, niet na { $minutes }.

## Reservekopieën en exports

error-auto-backup-off = Automatische reservekopieën staan uit. Zet ze eerst aan.
error-auto-backup-failed = De automatische reservekopie is mislukt. Kijk of de map voor reservekopieën er nog is (misschien is een schijf losgekoppeld).
error-backup-folder = Keyfob kan de map { $folder } niet voor reservekopieën gebruiken. Kies een andere map.
error-backup-folder-not-plain = Kies de map voor reservekopieën met de volledige locatie, zonder “..” of ongewone tekens.
error-backup-folder-missing = De automatische reservekopie is mislukt: de map voor reservekopieën { $folder } is er niet. Staat die op een schijf, sluit de schijf dan aan.
error-backup-not-written = De automatische reservekopie is mislukt: Keyfob kon hem niet in de map voor reservekopieën { $folder } zetten. Kijk of je daar bestanden mag opslaan, of kies een andere map.
error-backup-not-pruned = De reservekopie is gemaakt, maar oudere reservekopieën in de map { $folder } konden niet worden verwijderd. Kijk of je daar bestanden mag verwijderen.
error-keep-out-of-range = Bewaar tussen 1 en { $max } reservekopieën, niet { $keep }.
error-backup-key = De reservekopie kon niet met je wachtwoord worden beveiligd. Probeer het opnieuw.
error-export-failed = De export kon niet worden gemaakt. Probeer het opnieuw.

## Bestanden die je opent

error-file-unreadable = Keyfob kan het bestand { $file } niet openen. Kijk of het er is en of je het mag lezen.
error-file-too-large = Het bestand { $file } is te groot voor een export of een afbeelding (Keyfob leest tot { $mib } MiB).
error-import-too-large = { $file } is te groot om een export uit een authenticator-app te zijn.
error-import-unknown-format = Keyfob herkent { $file } niet als een export uit een authenticator-app die het kan lezen.
error-import-damaged = { $file } is beschadigd, of is niet het soort export dat het lijkt. Exporteer het opnieuw uit de andere app.
error-import-password-needed = { $file } is beveiligd met een wachtwoord. Voer het wachtwoord in dat je bij het exporteren koos.
error-import-wrong-password = Verkeerd wachtwoord: het opent { $file } niet. Controleer het en probeer het opnieuw.
error-import-several-files = Kies één exportbestand, of alle afbeeldingen van één Google Authenticator-export.
error-import-excessive-work = { $file } is gemaakt met ongewone instellingen waardoor openen te lang zou duren. Exporteer het opnieuw met de gewone instellingen van de andere app.
error-import-unsupported-encryption = { $file } is beveiligd op een manier die Keyfob niet kan openen. Exporteer het opnieuw met een wachtwoord.

## Wat een import of een gescande code bevatte dat Keyfob niet kon gebruiken

import-problem-in = { $entry }: { $reason }
import-left-out = { $entry }: { $part }
import-entry-numbered-named = Item { $position } (“{ $name }”)
import-entry-numbered = Item { $position }
import-entry-named = “{ $name }”
import-entry-line = Regel { $position }
import-entry-within = { $outer }, { $entry }
import-reason-fields = Keyfob kan de instellingen niet gebruiken (het soort code, de lengte, of hoe vaak de code verandert).
import-reason-secret = De geheime sleutel ontbreekt of is ongeldig.
import-reason-name = De naam of de naam van de dienst is niet toegestaan: te lang, of met tekens die Keyfob niet aanneemt.
import-reason-no-link = Er staat geen otpauth://-link in.
import-reason-link = Met de otpauth://-link kan geen account worden ingesteld.
import-reason-google-export = Deze Google Authenticator-export kan niet worden gelezen. Exporteer opnieuw vanuit de app.
import-reason-google-account = Dit Google Authenticator-account is van een soort dat Keyfob niet kan gebruiken.
import-reason-missing-codes = Deze Google Authenticator-export heeft { $size } QR-codes, maar { $count ->
        [one] code { $missing } ontbreekt
       *[other] codes { $missing } ontbreken
    }, dus er ontbreken accounts. Scan { $count ->
        [one] die
       *[other] ze
    } ook.
import-reason-entry-type = Keyfob maakt geen codes voor items van het type “{ $type }”.
import-reason-steam-without-link = Het is een Steam-account zonder zijn Steam-link.
import-reason-trashed = Het staat in de prullenbak van Ente, dus het is niet teruggezet.
import-reason-push-link = Deze code om inlogverzoeken in te stellen kan niet worden gebruikt. Vraag de dienst om een nieuwe.
import-left-out-group = De groep “{ $group }” is weggelaten: Keyfob neemt die naam niet aan voor een groep.
import-left-out-more-groups = { $count ->
        [one] Nog één groep is
       *[other] Nog { $count } groepen zijn
    } weggelaten: een account kan in hoogstens { $max } groepen zitten.
import-left-out-note = De notitie is weggelaten: die is langer dan Keyfob bewaart.
import-left-out-icon = Het pictogram is weggelaten: Keyfob kon de afbeelding niet gebruiken.
import-left-out-site = De website “{ $address }” is weggelaten: Keyfob kan niet aan die website koppelen.
import-left-out-more-sites = { $count ->
        [one] Nog één website is
       *[other] Nog { $count } websites zijn
    } weggelaten: een account kan aan hoogstens { $max } websites gekoppeld zijn.

## Websites en browsers

error-site-not-an-address = Dat is geen website. Geef een site zoals example.com, of het adres van een pagina.
error-site-too-long = Dat adres is te lang voor een website.
error-site-insecure = Codes gaan alleen naar beveiligde pagina's (https://) en naar pagina's op deze computer.
error-site-not-one-owner = { $site } is geen website van één eigenaar. Geef de eigen naam van de site, zoals example.co.uk.
error-site-too-many = Een account kan aan hoogstens { $max } websites gekoppeld worden.
error-no-pairing-request = Er wacht geen browser om gekoppeld te worden. Begin het koppelen opnieuw vanuit de Keyfob-extensie in je browser.
error-pairing-code-mismatch = Dat is niet de code die je browser toont, dus er is niets gekoppeld. Vergelijk de codes en probeer het opnieuw.
error-too-many-browsers = Keyfob is al met het grootste aantal browsers gekoppeld dat het bijhoudt ({ $max }). Ontkoppel er eerst een.
error-no-such-browser = Geen gekoppelde browser heeft nummer { $id }.

## Inlogverzoeken (push-goedkeuring)

error-no-push-tokens = Er is nog geen account ingesteld voor inlogverzoeken. Scan de instelcode voor inlogverzoeken die de dienst toont.
error-push-already-enrolled = Inlogverzoeken voor dit account (serienummer { $serial }) zijn al ingesteld. Verwijder ze eerst om ze opnieuw in te stellen.
error-enrol-failed = De inlogdienst heeft deze computer niet aangenomen voor inlogverzoeken ({ $serial }). Kijk of je online bent en stel het opnieuw in.
error-login-not-found = Dit inlogverzoek wacht niet meer: het is verlopen, al beantwoord, of kon niet worden gecontroleerd.
error-login-unreachable = Keyfob kon niet naar inlogverzoeken kijken: de inlogdienst antwoordde niet. Kijk of je online bent en probeer het opnieuw.
error-login-needs-number = Deze aanmelding vraagt welk getal de inlogpagina toont: kies uit { $options }.
error-login-not-an-option = { $picked } is niet een van de getallen van deze aanmelding ({ $options }).
error-login-key = Keyfob kan de sleutel van deze computer voor inlogverzoeken niet gebruiken. Stel inlogverzoeken voor dit account opnieuw in.
error-push-failed = De inlogdienst was niet bereikbaar of weigerde het antwoord. Kijk of je online bent en probeer het opnieuw.
push-problem-key = Keyfob kan de sleutel van deze computer niet gebruiken voor inlogverzoeken voor { $account }. Stel inlogverzoeken voor dit account opnieuw in.
push-problem-rejected = Keyfob heeft een inlogverzoek voor { $account } genegeerd dat het niet kon controleren. Gebeurt dit vaker, vraag het dan aan je IT-ondersteuning.
push-problem-not-saved = Keyfob kon niet opslaan welke inlogverzoeken beantwoord zijn, dus er kan er een opnieuw verschijnen.
push-problem-unreachable = De inlogdienst voor { $account } gaf geen antwoord. Keyfob probeert het over { $seconds ->
        [one] één seconde
       *[other] { $seconds } seconden
    } opnieuw.
push-problem-unreachable-now = De inlogdienst voor { $account } gaf geen antwoord.
push-problem-locked-too-long = Keyfob was te lang vergrendeld om te blijven letten op inlogverzoeken voor { $account }. Ontgrendel Keyfob om nieuwe te zien.

## Elke andere fout, naar soort (de details zeggen meer)

error-kind-input = Keyfob kan niet gebruiken wat er gegeven is. Controleer het en probeer het opnieuw.
error-kind-rejected = Keyfob kan dit niet aannemen. Pas het aan en probeer het opnieuw.
error-kind-locked = Keyfob is vergrendeld. Ontgrendel het en probeer het opnieuw.
error-kind-wrong-secret = Het wachtwoord of de wachtwoordzin klopt niet. Controleer het en probeer het opnieuw.
error-kind-integrity = Iets wat Keyfob leest is beschadigd of veranderd. Keyfob heeft niets veranderd.
error-kind-unsupported = Keyfob kan dit niet lezen: het is van een soort of versie die Keyfob niet kent.
error-kind-limit = Dit is meer dan Keyfob aankan.
error-kind-not-found = Wat je vroeg is er niet.
error-kind-conflict = Dit kan nu niet: er is eerst iets anders veranderd. Probeer het opnieuw.
error-kind-environment = Iets op deze computer werkte niet. Probeer het opnieuw, of vraag je IT-ondersteuning om hulp.

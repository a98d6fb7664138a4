# The window's page (ui/index.html, ui/palette.html): English, the source the other languages translate
# (docs/glossary.md has the words). Ids are the elements' own where they have one; ui/js/l10n.js fills
# each element with data-l10n-id from them. A value may hold <strong>, <em>, <code>, <kbd>, <br>.

## main

search =
    .aria-label = Search accounts
    .placeholder = Search ( / )
add-button-add = Add
add-button =
    .title = Add an account (Ctrl+N)
filters-show = Show
group-filter =
    .aria-label = Show the accounts of a group
filters-order = Order
sort =
    .aria-label = Order of the list
sort-option-your-order = Your order
sort-option-by-name = By name
sort-option-most-used = Most used
clock-toggle = Correct codes
backup-banner-span-your-accounts-are-not = Your accounts are not backed up yet. If this computer is lost or breaks, a backup gets them back.
backup-banner-open = Set up backups
backup-banner-later = Not now
error-close =
    .aria-label = Dismiss this message
    .title = Dismiss
error-copy-details = Copy details for support
error-copy-details-done = Details copied: paste them into your message to your IT support.
accounts =
    .aria-label = Accounts
empty-h2-no-accounts-yet = No accounts yet
empty-p-when-a-service-asks = When a service asks you to set up two-factor login, it shows a QR code. Keep it on screen and:
empty-scan = Scan the screen
empty-add = Other ways to add…
empty-p-you-can-also-paste = You can also paste a screenshot of the QR code (Ctrl+V) or an <code>otpauth://</code> link anywhere in this window.
empty-moving-from-another-authenticator = Moving from another authenticator?
empty-import = Import its export
empty-p-when-you-turn-on = When you turn on two-factor login, the service also shows <strong>recovery codes</strong>. Save them somewhere safe, away from this computer, and add a second way to log in where the service offers one: they get you in if this computer is lost.
no-match = No account matches your search.
settings-open = Settings
backup-open = Backups
transfer-open = Import or export
help-open = Keyboard shortcuts

## add-dialog

add-title = Add an account
scan-screen = Scan the screen
scan-camera = Scan with camera
choose-image = Choose an image…
add-import = Import from another app…
drop-zone = Drop or paste (Ctrl+V) a screenshot of the QR code here
add-dialog-label-or-paste-the-setup = …or paste the setup link
link-add = Add link
typed-summary-or-type-the-secret = …or type the secret key
typed-label-service = Service
typed-issuer =
    .placeholder = e.g. Payroll
typed-label-your-account = Your account
typed-name =
    .placeholder = e.g. alice@example.com
typed-label-secret-key = Secret key
typed-secret =
    .placeholder = e.g. JBSW Y3DP EHPK 3PXP
typed-digits = Digits
typed-seconds = Seconds
typed-algorithm = Algorithm
typed-add = Add this account
add-dialog-button-close = Close

## camera-dialog

camera-title = Scan with camera
camera-preview =
    .alt = What the camera sees
camera-dialog-p-hold-the-qr-code = Hold the QR code (on paper or on a phone) steady in front of the camera, big enough to fill about a third of the picture. Nothing the camera sees is saved.
camera-close = Close

## preview-dialog

preview-title = Add these accounts?
preview-dialog-p-also-save-the-strong = Also save the <strong>recovery codes</strong> the service shows you, somewhere safe and apart from this computer, and set up a second way to log in: they get you in if this computer is lost.
preview-cancel = Cancel
preview-confirm = Add

## settings-dialog

settings-title = Settings
settings-form-h3-locking = Locking
settings-current-label = Current passphrase (to change or remove it)
settings-passphrase-label = Protect Keyfob with a passphrase
settings-passphrase =
    .placeholder = At least 8 characters
settings-passphrase2 =
    .aria-label = The new passphrase again
    .placeholder = The same again
settings-set-passphrase = Set the passphrase
settings-remove-passphrase = Remove the passphrase
settings-locking-label-lock-after-this-many = Lock after this many idle minutes (0: never)
settings-locking-lock-when-the-screen = Lock when the screen locks or the computer sleeps
settings-form-h3-privacy = Privacy
settings-form-hide-codes-until-their = Hide codes until their row is clicked (for screen sharing)
settings-form-show-codes-in-the = Show codes in the desktop's search (GNOME, KDE); names are found either way
settings-form-h3-this-computer = This computer
settings-form-start-keyfob-when-i = Start Keyfob when I log in
settings-form-label-quick-copy-this-shortcut = Quick copy: this shortcut opens a small search anywhere; Enter copies the code
settings-shortcut =
    .placeholder = e.g. Ctrl+Alt+K (empty: none)
settings-shortcut-set = Set
    .aria-label = Set the quick-copy shortcut
settings-browsers-title = Browsers paired with Keyfob
settings-form-p-only-these-browsers-keyfob = Only these browsers' Keyfob extension gets codes. Remove one you no longer use.
settings-backups = Backups…
settings-clock = Check the clock
settings-form-button-close = Close

## unlock-dialog

unlock-title = Unlock your accounts
unlock-form-p-this-vault-s-key = Your accounts are protected with a passphrase. Type it to open them.
unlock-form-label-passphrase = Passphrase
unlock-confirm = Unlock

## push-dialog

push-title = Is this you logging in?
push-hint = Tap the number the login page shows.
push-options =
    .aria-label = The number the login page shows
push-none = None of these numbers
push-not-me = This wasn't me
push-deny = Deny

## push-report-dialog

push-report-title = Login denied and reported
push-report-form-p-someone-who-knows-your = Someone who knows your password may be trying to log in. What to do next:
push-report-form-li-change-the-password-of = Change the password of this account now, from a device you trust.
push-report-form-li-tell-your-it-or = Tell your IT or security team, if this is a work account.
push-report-form-li-check-the-account-s = Check the account's recent sign-ins and sessions, and sign out the ones you do not know.
push-report-close = Close

## backup-dialog

backup-title = Backups
backup-intro = Your first account is in. Back it up now, so that a lost or broken computer does not lock you out.
backup-change = Change the folder or password
backup-setup-p-after-every-change-keyfob = After every change, Keyfob writes an encrypted backup of all your accounts to a folder you choose: best on another drive or a folder your cloud storage syncs.
backup-setup-label-folder = Folder
backup-folder =
    .placeholder = /home/you/Backups
backup-choose = Choose…
backup-setup-label-backup-password = Backup password
backup-setup-label-the-same-password-again = The same password again
backup-setup-label-backups-to-keep = Backups to keep
backup-setup-p-you-will-need-this = You will need this password to restore. Keyfob does not keep it: write it down and keep it somewhere safe.
backup-off = Turn off
backup-now = Back up now
backup-close = Close
backup-on = Turn on backups

## transfer-dialog

transfer-title = Import or export
transfer-dialog-h3-bring-accounts-in = Bring accounts in
transfer-dialog-p-from-an-export-of = From an export of Aegis, 2FAS, Bitwarden, andOTP or Ente Auth, a list of <code>otpauth://</code> links, a Keyfob backup, or every QR image of a Google Authenticator export. You will see what is added before anything changes.
import-choose = Choose a file…
transfer-dialog-h3-take-accounts-out = Take accounts out
export-phone = To a phone: Google Authenticator QR codes…
transfer-dialog-label-to-aegis-an-encrypted = To Aegis: an encrypted file, with this password
export-aegis = Save…
transfer-dialog-button-close = Close

## import-password-dialog

import-password-title = This export is protected
import-password-form-p-type-the-password-you = Type the password you chose when you exported from the other app.
import-password-form-label-password = Password
import-password-cancel = Cancel
import-password-confirm = Open

## phone-dialog

phone-title = Move to a phone
phone-warning = These QR codes contain your secrets: anyone who photographs them can make your codes. Show them only to your own phone, in Google Authenticator's <em>Transfer accounts → Import accounts</em>.
phone-show = Show the codes
phone-qr =
    .alt = QR code for your phone to scan
phone-prev = Previous
phone-next = Next
phone-done = Done

## rename-dialog

rename-title = Edit
rename-dialog-label-service = Service
rename-dialog-label-account = Account
rename-dialog-label-groups = Groups
rename-groups =
    .placeholder = e.g. Work, Payroll
rename-groups-help = Separate groups with commas; an account can be in several.
rename-icon-row-span-icon = Icon
icon-automatic = Automatic
icon-letter = Letter
icon-file = From a file…
icon-search =
    .aria-label = Search brand icons
    .placeholder = Search brand icons by name
icon-results =
    .aria-label = Brand icons
rename-dialog-label-websites = Websites
rename-sites =
    .placeholder = e.g. example.com
rename-sites-help = Only these sites' pages get this account's codes in your browser. Separate them with commas.
rename-dialog-label-note = Note
rename-note =
    .placeholder = Kept encrypted with your accounts
rename-qr = Show as QR code…
rename-dialog-button-cancel = Cancel
rename-confirm = Save

## pairing-dialog

pairing-title = Pair a browser with Keyfob?
pairing-form-p-pair-it-only-if = Pair it only if the Keyfob extension in your browser shows this same code:
pairing-form-p-if-your-browser-shows = If your browser shows another code, or you did not just ask to pair, press Don't pair: another add-on may be posing as Keyfob's extension to take your codes.
pairing-refuse = Don't pair
pairing-confirm = Pair

## site-link-dialog

site-link-title = Link a website to an account?
site-link-form-p-your-browser-asks-for = Your browser asks for codes on
site-link-form-p-which-account-do-you = Which account do you sign in to there?
site-link-form-p-link-a-site-only = Link a site only where you really use that account. A look-alike address is a phishing page: press Not now.
site-link-scope-legend-which-pages-get-the = Which pages get the code
site-link-scope-site = Every page of the site
site-link-scope-host = Only the page's own host
site-link-dismiss = Not now
site-link-confirm = Link

## delete-dialog

delete-title = Remove this account?
delete-dialog-p-make-sure-you-can = Make sure you can still log in to this service another way (a recovery code, another authenticator) before you remove it.
delete-dialog-button-cancel = Cancel
delete-confirm = Remove

## help-dialog

help-title = Keyboard shortcuts
help-keys-search = <kbd>/</kbd>
help-does-search = Search your accounts
help-keys-rows = <kbd>↓</kbd> <kbd>↑</kbd>
help-does-rows = From the search, into the list; between accounts
help-keys-first-last = <kbd>Home</kbd> <kbd>End</kbd>
help-does-first-last = The first or the last account
help-keys-cells = <kbd>→</kbd> <kbd>←</kbd>
help-does-cells = From an account to its Copy and More actions buttons, and back
help-keys-copy = <kbd>Enter</kbd>
help-does-copy = Copy the code of the account you are on
help-keys-time-left = <kbd>T</kbd>
help-does-time-left = Say how long the code still works
help-keys-menu = <kbd>Shift</kbd>+<kbd>F10</kbd>
help-does-menu = More actions for the account: pin, move, edit, remove
help-keys-remove = <kbd>Delete</kbd>
help-does-remove = Remove the account (you are asked first)
help-keys-undo = <kbd>Ctrl</kbd>+<kbd>Z</kbd>
help-does-undo = Bring back the account you last removed
help-keys-add = <kbd>Ctrl</kbd>+<kbd>N</kbd>
help-does-add = Add an account
help-keys-paste = <kbd>Ctrl</kbd>+<kbd>V</kbd>
help-does-paste = Add from a copied QR code picture or setup link
help-keys-lock = <kbd>Ctrl</kbd>+<kbd>L</kbd>
help-does-lock = Lock Keyfob (when it has a passphrase)
help-keys-close = <kbd>Esc</kbd>
help-does-close = Close a window or menu without changing anything
help-keys-help = <kbd>F1</kbd> or <kbd>?</kbd>
help-does-help = This list
help-close = Close

## main

toast-action = Undo

## row-menu

row-menu-button-pin-to-the-top = Pin to the top
row-menu-button-move-up = Move up
row-menu-button-move-down = Move down
row-menu-button-edit = Edit…
row-menu-button-remove = Remove…

## main

palette-palette-query =
    .aria-label = Find an account
    .placeholder = Copy the code of…
palette-palette-list =
    .aria-label = Accounts
palette-palette-keys = ↑ ↓ choose · Enter copies · Esc closes

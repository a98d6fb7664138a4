# What the window's scripts say (ui/js, ui/app.js): English, the source the other languages translate
# (docs/glossary.md has the words). Variables are named for what they hold; a number that changes the
# sentence chooses its form here (Fluent plurals), never in the script.

## The clock banner and Settings' clock check (ui/app.js)

# $amount is clock-seconds, clock-minutes or clock-hours; $direction is "behind" or "ahead".
clock-seconds = { $count } s
clock-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
clock-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
clock-corrected = This computer's clock is { $amount } { $direction ->
    [behind] behind
   *[ahead] ahead
}. Codes are corrected for it; fix the clock in your system settings.
clock-needs-confirmation = Time servers say this computer's clock is { $amount } { $direction ->
    [behind] behind
   *[ahead] ahead
}. That is more than Keyfob corrects by itself: if your clock is right, someone may be faking the time. Correct codes only if you know the clock is wrong.
clock-off = This computer's clock is { $amount } { $direction ->
    [behind] behind
   *[ahead] ahead
}, so codes may be refused. Fix the clock in your system settings.
clock-stop-correcting = Stop correcting
clock-correct = Correct codes
clock-unchecked = The clock could not be checked (offline, or the check is off).
clock-see-banner = This computer's clock is off; see the banner above the list.
clock-right = This computer's clock is right (within { $seconds } s).

## Locking and Settings (ui/app.js)

lock-not-possible = Keyfob opens with your desktop session, so it cannot be locked. Set a passphrase in Settings to lock it.
settings-mode-keychain = Your computer's password store: Keyfob opens with your desktop session, so anyone at this computer while you are logged in can read your codes. With a passphrase, Keyfob can also lock itself.
settings-mode-passphrase = Passphrase: Keyfob opens only with your passphrase, and locks again as set below.
settings-change-passphrase = Change the passphrase
settings-protect = Protect Keyfob with a passphrase
settings-set = Set the passphrase
passphrases-differ = The two passphrases are not the same.
passphrase-changed = Passphrase changed
passphrase-set = Keyfob now opens only with your passphrase
passphrase-removed = Keyfob now opens with your desktop session
settings-saved = Saved.
shortcut-set = Press { $shortcut } anywhere to copy a code.
shortcut-none = No shortcut.

## Adding (ui/js/add.js)

drop-not-image = Drop an image file of the QR code.

## Backups (ui/js/backups.js)

# How long ago the last backup was made, within backed-up-ago, backup-state-last.
ago-now = just now
ago-minutes = { $count ->
    [one] { $count } minute ago
   *[other] { $count } minutes ago
}
ago-hours = { $count ->
    [one] { $count } hour ago
   *[other] { $count } hours ago
}
ago-days = { $count ->
    [one] { $count } day ago
   *[other] { $count } days ago
}
backups-off = Backups: off
backups-on = Backups: on
backup-failed = Backup failed: see why
backed-up-ago = Backed up { $ago }
backup-state-on = On: after every change, to { $folder }, keeping the last { $keep }.
backup-state-off = Off: nothing is backed up yet.
backup-state-last = Last backup { $ago }.
backup-save = Save
backup-turn-on = Turn on backups
passwords-differ = The two passwords are not the same.
backup-first-failed = Backups are on, but the first one failed
backed-up = Backed up

## The camera (ui/js/camera.js)

camera-starting = Starting the camera…

## Errors (ui/js/errors.js)

error-unknown = Something went wrong.

## The list (ui/js/list.js)

insecure-push = Set up without encryption: set it up again from an https:// page
pinned-tag = ★ Pinned
click-again-to-copy = Keyfob just came forward: click again to copy
copy-code-for = Copy the code for { $account }
next-code-for = Next code for { $account }
more-actions-for = More actions for { $account }
pin = Pin to the top
unpin = Unpin from the top
push-approval = Push approval
row-push = { $account }: approves logins pushed by the service
row-push-insecure = { $account }: approves logins pushed by the service. Warning: Set up without encryption: set it up again from an https:// page
get-code = Get code
row-hotp = { $account }, counter-based: press Enter for the next code
row-code = { $account }: code { $code }. Press Enter to copy.
next-code = next { $code }
time-left-none = { $account }: no time limit
time-left = { $account }: code { $code }, changes in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}
copied = Copied { $service } code
pinned = { $account } pinned to the top
unpinned = { $account } unpinned
all-accounts = All accounts
saved = Saved
removed = Removed { $account }. Ctrl+Z brings it back.
removed-for-good = Removed { $account }.
nothing-to-undo = Nothing to bring back
undone = { $account } is back
icon-picture = Your picture
icon-letter-avatar = Letter avatar

## Pairing a browser (ui/js/pairing.js)

pairing-asks = Keyfob's extension in { $browser } asks to get codes from Keyfob.
paired = Paired: this browser's Keyfob extension gets codes for the sites you link
browsers-none = None yet. Keyfob's browser extension asks to pair the first time you use it.
browser-paired = { $browser }, paired { $date }
browser-remove = Remove
    .aria-label = Remove { $browser }, paired { $date }
browser-removed = Removed: that browser gets nothing from Keyfob now

## The quick-copy palette (ui/js/palette.js)

palette-locked = Keyfob is locked. Press Enter to unlock it.
palette-no-match = No account matches.

## Moving accounts to a phone (ui/js/phone.js)

phone-count = QR code { $index } of { $count }
phone-title-one = Show { $account } as a QR code
phone-warning-one = This QR code contains the account's secret: anyone who photographs it can make its codes. Show it only to your own phone, in any authenticator app.
phone-left-out = Not included (Google Authenticator cannot hold it): { $account }

## The add preview (ui/js/preview.js)

preview-note = with a note
preview-push-from = push approval from { $server }
preview-push = push approval
preview-duplicate = already added
preview-title-one = Add this account?
preview-title-many = Add these { $count } accounts?
preview-add = { $count ->
    [one] Add
   *[other] Add { $count }
}
push-setting-up = Setting up push approval with the service…
accounts-added = { $count ->
    [one] Account added
   *[other] { $count } accounts added
}
link-no-account = The link holds no account.

## Login requests (ui/js/push.js)

push-title-service = Log in to { $service }?
push-folded = { $count ->
    [one] { $count } earlier attempt was folded into this one.
   *[other] { $count } earlier attempts were folded into this one.
}
push-hint-numbers = Tap the number the login page shows.
push-hint-no-numbers = Approve only if you are logging in right now.
push-approve = Approve
push-approve-number = { $number }
    .aria-label = Approve: the login page shows { $number }
push-expired = The login request expired
push-expires-in = Expires in { $time }
push-announce-numbers = Log in to { $service }? Choose the number the login page shows: { $numbers }, or None of these numbers.
push-announce = Log in to { $service }? Approve only if you are logging in right now.
push-not-taken = The service did not take the answer
push-approved = Approved
push-denied = Denied
push-reported = The login to { $service } as { $account } was denied and reported to the service.
push-waiting = { $count ->
    [one] A login is waiting. Unlock to answer it.
   *[other] { $count } logins are waiting. Unlock to answer them.
}

## Linking a website (ui/js/site_link.js)

site-already-linked = Already linked
site-linked-to = Linked to { $sites }
site-lookalike = This is not { $sites }. { $account } is linked to { $linked }: a site named like it is how a phishing page looks.
site-scope-site = Every page of { $site }
site-scope-host = Only { $host }
site-no-account = No account here gives time-based codes.
site-choose-first = Choose the account you sign in to there first.
site-linked-host = { $host } is linked: only its pages get this account's codes
site-linked-site = { $site } is linked: its pages get this account's codes

# What Keyfob says about a failure, in the keyfob command and in the window alike (keyfob-session's
# Error::message chooses the message; docs/glossary.md has the words). Plain words for people who do
# not know Keyfob's insides: what happened, then what to do. No command lines and no paths beyond a
# file's name: the window shows these too. Technical details travel beside a message, untranslated.

## Your accounts

error-no-accounts = There are no accounts yet. Add one first.
error-nothing-to-export = There are no accounts yet, so there is nothing to back up or export.
error-preview-changed = Something new arrived while you were looking, so nothing was added. Look at the list again and confirm it.
error-no-such-account = There is no account with number { $id }. Check the number.
error-too-many-accounts = Keyfob holds at most { $max } accounts, and that many are there already. Remove some first.
error-not-counter-based = This does not apply to account { $id }: its codes change with time, not each time you ask.
error-organise-rejected = Keyfob cannot keep these groups or this note. Make them shorter or use fewer groups.
error-already-exists = Keyfob already keeps accounts here. Nothing was replaced.
error-file = Keyfob cannot read or save your accounts on this computer. Check that the disk is not full, then try again.
error-accounts-damaged = The file that holds your accounts is damaged, so Keyfob left it untouched. Restore your accounts from a backup, or ask your IT support for help.
error-accounts-file-missing = The file that holds your accounts is missing, but its previous version is still there. Nothing was changed: restore the previous version, or ask your IT support for help.
error-newer-version = Your accounts were saved by a newer version of Keyfob. Install the newer Keyfob to open them.
error-random = This computer could not make the random numbers Keyfob needs. Restart the computer and try again.

## The rules every account follows (an account typed in, or renamed)

error-account-algorithm = Keyfob does not make codes with the algorithm { $algorithm }. Choose one of { $supported }.
error-account-digits = A code must have between { $min } and { $max } digits, not { $digits }.
error-account-period = A code must last between { $min } and { $max } seconds, not { $period }.
error-account-type = Keyfob does not make { $type } codes.
error-secret-empty = The secret is empty.
error-secret-not-base32 = Character { $position } of the secret cannot be in one: only letters A to Z and digits 2 to 7 can.
error-secret-length = The secret has { $length } letters and digits, which cannot be a whole secret. Is one missing?
error-secret-too-long = The secret is longer than Keyfob accepts: at most { $max } letters and digits.
error-name-too-long = { $field ->
        [issuer] The service's name
        [group] The group's name
       *[account] Your account's name
    } is too long: Keyfob takes at most { $max } characters (fewer with letters such as é). Shorten it.
error-name-control-character = { $field ->
        [issuer] The service's name
        [group] The group's name
       *[account] Your account's name
    } contains a control character (such as a line break or a tab), which a name cannot have. Type it again without one.
error-name-invisible-character = { $field ->
        [issuer] The service's name
        [group] The group's name
       *[account] Your account's name
    } contains an invisible character that can make one name look like another. Type the name instead of pasting it.
error-name-missing = Give the account a name, or the name of its service.

## Locking: your passphrase and your computer's password store

error-passphrase-needed = Your accounts are protected by a passphrase. Enter it to open them.
error-current-passphrase-needed = Enter your current passphrase to change or remove it. Nothing was changed.
error-wrong-passphrase = Wrong passphrase: it does not open your accounts. Check it and try again.
error-passphrase-too-short = A passphrase must have at least 8 characters. Choose a longer one.
error-not-passphrase-protected = Your accounts are not protected by a passphrase, so there is none to change or remove.
error-passphrase-derivation = Keyfob could not work with this passphrase. Try again.
error-wrong-key = The key in your computer's password store does not open your accounts. Nothing was changed. If your accounts came from another computer, bring that computer's Keyfob entry too.
error-key-missing = Your computer's password store has no key for your accounts. Nothing was changed and no new key was made. If the password store was reset, restore it from its backup.
error-keychain-unavailable = Keyfob cannot reach your computer's password store. Make sure it is running and unlocked, or protect your accounts with a passphrase instead.
error-keychain-locked = Your computer's password store is locked or did not let Keyfob in. Unlock it and try again, or protect your accounts with a passphrase instead.
error-keychain-failed = Your computer's password store did not work. Try again, or protect your accounts with a passphrase instead.
error-keychain-entry-invalid = Keyfob's entry in your computer's password store does not hold a Keyfob key. Nothing was changed.
error-auto-lock-too-long = Keyfob can lock itself after 0 (never) to { $max } minutes of not being used, not { $minutes }.

## Backups and exports

error-auto-backup-off = Automatic backups are off. Turn them on first.
error-auto-backup-failed = The automatic backup failed. Check that the backup folder is still there (a drive may have been unplugged).
error-backup-folder = Keyfob cannot use the backup folder { $folder }. Choose another folder.
error-backup-folder-not-plain = Choose the backup folder by its full location, without “..” or unusual characters.
error-backup-folder-missing = The automatic backup failed: the backup folder { $folder } is not there. If it is on a drive, plug the drive in.
error-backup-not-written = The automatic backup failed: Keyfob could not write it into the backup folder { $folder }. Check that you can save files there, or choose another folder.
error-backup-not-pruned = The backup was made, but older backups in the backup folder { $folder } could not be deleted. Check that you can delete files there.
error-keep-out-of-range = Keep between 1 and { $max } backups, not { $keep }.
error-backup-key = The backup could not be protected with your password. Try again.
error-export-failed = The export could not be made. Try again.

## Files you open

error-file-unreadable = Keyfob cannot open the file { $file }. Check that it is there and that you may read it.
error-file-too-large = The file { $file } is too large for an export or a picture (Keyfob reads up to { $mib } MiB).
error-import-too-large = { $file } is too large to be an export from an authenticator app.
error-import-unknown-format = Keyfob does not recognise { $file } as an export from an authenticator app it can read.
error-import-damaged = { $file } is damaged, or is not the kind of export it seems to be. Export it again from the other app.
error-import-password-needed = { $file } is protected by a password. Enter the password you chose when you exported it.
error-import-wrong-password = Wrong password: it does not open { $file }. Check it and try again.
error-import-several-files = Choose one export file, or all the pictures of one Google Authenticator export.
error-import-excessive-work = { $file } was made with unusual settings that would take too long to open. Export it again with the other app's usual settings.
error-import-unsupported-encryption = { $file } is protected in a way Keyfob cannot open. Export it again with a password.

## What an import or a scanned code held that Keyfob could not use

import-problem-in = { $entry }: { $reason }
import-left-out = { $entry }: { $part }
import-entry-numbered-named = Entry { $position } (“{ $name }”)
import-entry-numbered = Entry { $position }
import-entry-named = “{ $name }”
import-entry-line = Line { $position }
import-entry-within = { $outer }, { $entry }
import-reason-fields = Keyfob cannot use its settings (the kind of code, its length, or how often it changes).
import-reason-secret = Its secret key is missing or not valid.
import-reason-name = Its name or its service's name is not allowed: too long, or with characters Keyfob does not take.
import-reason-no-link = There is no otpauth:// link in it.
import-reason-link = Its otpauth:// link cannot be used to set up an account.
import-reason-google-export = This Google Authenticator export cannot be read. Export it again from the app.
import-reason-google-account = This Google Authenticator account is of a kind Keyfob cannot use.
import-reason-missing-codes = This Google Authenticator export has { $size } QR codes, but { $count ->
        [one] code { $missing } was
       *[other] codes { $missing } were
    } not given, so some accounts are missing. Scan { $count ->
        [one] it
       *[other] them
    } too.
import-reason-entry-type = Keyfob does not make codes for entries of the type “{ $type }”.
import-reason-steam-without-link = It is a Steam account without its Steam link.
import-reason-trashed = It is in Ente's trash, so it was not brought back.
import-reason-push-link = This setup code for login requests cannot be used. Ask the service for a new one.
import-left-out-group = Its group “{ $group }” was left out: Keyfob does not take that name for a group.
import-left-out-more-groups = { $count ->
        [one] One more group was
       *[other] { $count } more groups were
    } left out: an account can be in at most { $max } groups.
import-left-out-note = Its note was left out: it is longer than Keyfob keeps.
import-left-out-icon = Its icon was left out: Keyfob could not use the picture.
import-left-out-site = Its website “{ $address }” was left out: it is not a website Keyfob can link to.
import-left-out-more-sites = { $count ->
        [one] One more website was
       *[other] { $count } more websites were
    } left out: an account can be linked to at most { $max } websites.

## Websites and browsers

error-site-not-an-address = That is not a website. Give a site such as example.com, or a page's address.
error-site-too-long = That address is too long to be a website.
error-site-insecure = Codes only go to secure pages (https://), and to pages on this computer.
error-site-not-one-owner = { $site } is not a website one owner holds. Give the site's own name, such as example.co.uk.
error-site-too-many = An account can be linked to at most { $max } websites.
error-no-pairing-request = No browser is waiting to be paired. Start pairing again from the Keyfob extension in your browser.
error-pairing-code-mismatch = That is not the code your browser shows, so nothing was paired. Compare the codes and try again.
error-too-many-browsers = Keyfob is paired with the most browsers it keeps ({ $max }). Unpair one first.
error-no-such-browser = No paired browser has number { $id }.

## Login requests (push approval)

error-no-push-tokens = No account is set up for login requests yet. Scan the setup code for login requests that the service shows.
error-push-already-enrolled = Login requests for this account (serial { $serial }) are set up already. To set them up again, remove them first.
error-enrol-failed = The login service did not accept this computer for login requests ({ $serial }). Check that you are online and try setting it up again.
error-login-not-found = This login request is no longer waiting: it expired, was answered already, or could not be checked.
error-login-unreachable = Keyfob could not look for login requests: the login service did not answer. Check that you are online and try again.
error-login-needs-number = This login asks which number the login page shows: choose one of { $options }.
error-login-not-an-option = { $picked } is not one of this login's numbers ({ $options }).
error-login-key = Keyfob cannot use this computer's key for login requests. Set up login requests for this account again.
error-push-failed = The login service could not be reached, or it refused the answer. Check that you are online and try again.
push-problem-key = Keyfob cannot use this computer's key for login requests for { $account }. Set up login requests for this account again.
push-problem-rejected = Keyfob ignored a login request for { $account } that it could not check. If this keeps happening, ask your IT support.
push-problem-not-saved = Keyfob could not save which login requests were answered, so one may be shown again.
push-problem-unreachable = The login service for { $account } did not answer. Keyfob tries again in { $seconds ->
        [one] one second
       *[other] { $seconds } seconds
    }.
push-problem-unreachable-now = The login service for { $account } did not answer.
push-problem-locked-too-long = Keyfob was locked too long to keep watching for login requests for { $account }. Unlock Keyfob to see new ones.

## Any other failure, by its sort (the details say more)

error-kind-input = Keyfob cannot use what was given. Check it and try again.
error-kind-rejected = Keyfob cannot accept this. Change it and try again.
error-kind-locked = Keyfob is locked. Unlock it and try again.
error-kind-wrong-secret = The password or passphrase is wrong. Check it and try again.
error-kind-integrity = Something Keyfob reads is damaged or was changed. Nothing was changed by Keyfob.
error-kind-unsupported = Keyfob cannot read this: it is of a kind or version Keyfob does not know.
error-kind-limit = This is more than Keyfob handles.
error-kind-not-found = What you asked for is not there.
error-kind-conflict = This cannot be done now: something else changed first. Try again.
error-kind-environment = Something on this computer did not work. Try again, or ask your IT support for help.

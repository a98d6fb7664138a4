# The keyfob command's own words: its output, prompts, confirmations and the hints it adds to the shared
# messages of errors.ftl. A terminal, so flags and command lines are fine here. Lower case after the
# `keyfob: ` prefix, as terminal tools write. Machine-readable output (--json, exit statuses, the
# browser host's protocol) is never worded here: it is a fixed interface.

## Around every failure

cli-details = details: { $details }
cli-warning = warning: { $reason }
cli-cannot-write-output = cannot write the output

## Hints the terminal adds to a shared message

cli-hint-passphrase-file = give it with --passphrase-file FILE or KEYFOB_PASSPHRASE_FILE
cli-hint-auto-backup-on = turn them on with: keyfob auto-backup on DIR --password-file FILE
cli-hint-init-passphrase = to keep the key behind a passphrase instead: keyfob init --passphrase-file FILE
cli-hint-restore-previous = to go back to the previous version: cp { $previous } { $vault }
cli-hint-remove = to enrol it anew, remove it first: keyfob remove { $id }
cli-hint-password-file = give its password with --password-file FILE
cli-hint-format = name the format with --format ({ $formats })
cli-hint-add-push = scan a push enrolment QR with keyfob add --scan
cli-hint-answer = add --answer
cli-hint-push-list = see keyfob push list
cli-hint-add = add one with keyfob add
cli-keep-out-of-range = --keep must be 1 to { $max }
cli-minutes-out-of-range = --minutes must be 0 (off) to { $max }

## Input: links, files, passwords

cli-stdin-no-link = no otpauth:// link on standard input
cli-stdin-several-lines = standard input holds several lines; give one otpauth:// link
cli-invalid-link = invalid otpauth:// link: { $reason }
cli-input-unreadable = cannot read { $stdin ->
    [yes] standard input
   *[no] { $file }
}
cli-input-too-large = { $stdin ->
    [yes] standard input
   *[no] { $file }
} holds over { $kib } KiB; give links or a secret, one per line
cli-input-not-text = { $stdin ->
    [yes] standard input
   *[no] { $file }
} is not text
cli-secret-file-unreadable = cannot read the { $what ->
    [passphrase] passphrase
    [new-passphrase] new passphrase
    [backup-password] backup password
    [export-password] export password
   *[password] password
} file { $file }
cli-secret-too-short = the { $what ->
    [passphrase] passphrase
    [new-passphrase] new passphrase
    [backup-password] backup password
    [export-password] export password
   *[password] password
} must have at least { $min } characters
cli-no-vault-folder = cannot tell where to keep your accounts; pass --vault DIR or set KEYFOB_HOME
cli-export-choose = choose --uris, --aegis FILE or --google-qr DIR
cli-out-dir-man-only = --out-dir is for man pages

## Adding and importing

cli-account-unusable = cannot add this account: { $reason }
cli-links-unusable = nothing was added: { $problems }
cli-registering = registering with { $host }: making this computer's push key for { $serial } (a few seconds)…
cli-added = added { $id }: { $name }
cli-added-push = added { $id }: { $name } (push approval from { $server }, serial { $serial })
cli-already-there = already there as { $id }, skipped: { $name }
cli-already-there-push = already there as { $id }, skipped: { $name } (push approval)
cli-unknown-format = unknown format `{ $format }` (expected one of { $formats })
cli-not-imported = not imported: { $problem }
cli-imported-without = imported without: { $part }
cli-import-summary = { $added } added, { $there } already there, { $refused } not imported
cli-nothing-imported = nothing could be imported from { $file }
cli-nothing-imported-files = nothing could be imported from the files

## Scanning pictures and the camera

cli-scan-file-problem = { $file }: { $problem }
cli-scan-nothing = no otpauth:// link found in { $problems }
cli-scan-no-account = the QR code holds no account
cli-scan-unusable = the QR code holds nothing Keyfob can add: { $problems }
cli-scan-unreadable = cannot read the file ({ $reason })
cli-scan-too-large = the file is over { $mib } MiB; is it really an image?
cli-scan-not-an-image = not a supported image (PNG, JPEG, WebP, GIF or BMP)
cli-scan-damaged-image = the image could not be read ({ $reason })
cli-scan-too-many-pixels = the image is { $width }×{ $height } pixels, over the limit of { $max } megapixels; crop it to the QR code
cli-scan-no-code = no QR code found; make sure the whole code is in the picture, sharp and not cut off
cli-scan-undecodable = the picture could not be read ({ $reason })
cli-camera-using = Using: { $device }
cli-camera-note = the camera's code: { $problem }
cli-camera-no-code = no QR code came into view within { $seconds } s
cli-camera-none = no camera was found. Connect a camera, or scan the code from the screen or an image file instead.
cli-camera-busy = the camera is in use by another program. Close the other program that uses the camera (a video call, another scanner), then try again.
cli-camera-refused = access to the camera was refused. Allow Keyfob to use the camera in your system's privacy settings (Camera), then try again.
cli-camera-silent = the camera sent no picture for { $seconds } seconds. Close the other program that uses the camera (a video call, another scanner), then try again.
cli-camera-unsupported = the camera is not supported on this system yet. Scan the code from the screen or an image file instead.
cli-camera-failed = the camera could not be used. Try again, or scan the code from the screen or an image file instead.

## Your accounts

cli-vault-created = created an empty list of accounts at { $path }, its key { $key ->
    [passphrase] behind your passphrase
   *[keychain] in your computer's password store
}
cli-no-accounts-yet = no accounts yet; add one with keyfob add
cli-vault-empty = there are no accounts yet; add one first (keyfob add)
cli-list-hotp = hotp, counter { $counter }
cli-list-codes = { $kind }, { $digits } digits
cli-list-push = push, serial { $serial }
cli-no-match = no account matches `{ $query }`; see keyfob list
cli-seconds-left = { $seconds }s left
cli-hotp-on-request = (hotp: keyfob code { $id })
cli-rename-nothing = nothing to change; give --issuer, --no-issuer or --account
cli-renamed = renamed { $id }: { $name }
cli-sites-none = account { $id } is linked to no site
cli-sites-linked = account { $id } is linked to { $sites }
cli-remove-unconfirmed = refusing to remove an account without confirmation; run in a terminal, or pass --yes
cli-remove-confirm = Remove { $name } (id { $id })? Its codes will be gone from Keyfob; make sure you can still log in another way. [y/N]
# The answers that mean yes to a question, separated by spaces (y and yes are always taken too).
cli-yes-answers = y yes
cli-answer-unreadable = cannot read the answer
cli-not-removed = not removed
cli-removed = removed { $id }: { $name }

## Exports and backups

cli-plain-text-unconfirmed = this writes every secret in plain text; anyone who sees it can make your codes. Add --i-understand-this-prints-secrets to go ahead
cli-exported = exported { $count } accounts to { $file } ({ $how ->
    [encrypted] encrypted
   *[plain] in plain text
})
cli-folder-not-created = cannot create { $folder }
cli-wrote-qr = wrote { $file } (QR code { $index } of { $count })
cli-not-exported-google = not exported: { $name }: Google Authenticator cannot hold this kind of account
cli-backed-up = backed up { $count } accounts to { $file }
cli-backed-up-to = backed up to { $file }
cli-backup-folder-unresolved = cannot resolve the backup folder { $folder }
cli-first-backup-failed = automatic backups are on, but the first one failed
cli-auto-backup-on = automatic backups on: after every change to { $folder }, keeping the last { $keep }; first backup: { $first }
cli-auto-backup-off = automatic backups off (backups already written were kept)
cli-auto-backup-status-on = on: after every change to { $folder }, keeping the last { $keep }
cli-auto-backup-status-off = off: turn on with keyfob auto-backup on DIR --password-file FILE
cli-last-backup = last backup: { $file } (Unix time { $time })
cli-last-backup-never = last backup: never
cli-last-backup-failed = latest attempt failed: { $reason }
cli-hint-backup-saved = the change itself was saved; to back up elsewhere: keyfob auto-backup on DIR --password-file FILE

## Locking

cli-prompt-current-passphrase = Current passphrase:
cli-prompt-new-passphrase = New passphrase:
cli-prompt-passphrase-again = The same again:
cli-passphrase-unreadable = cannot read the passphrase
cli-new-passphrase-needed = give the new passphrase with --new-passphrase-file FILE (or run in a terminal)
cli-passphrases-differ = the two passphrases are not the same; nothing was changed
cli-lock-mode = mode: { $mode ->
    [keychain] keychain: your accounts open with your desktop session; anyone at this unlocked session can read the codes
   *[passphrase] passphrase: your accounts open only with your passphrase
}
cli-auto-lock-off = auto-lock: off
cli-auto-lock-after = auto-lock: after { $minutes ->
    [one] 1 idle minute
   *[other] { $minutes } idle minutes
}
cli-lock-on-screen-lock = lock on screen lock: { $switch ->
    [on] on
   *[off] off
}
cli-passphrase-set = the key to your accounts is now behind your passphrase, and its entry in your computer's password store was deleted; give the passphrase with --passphrase-file FILE or KEYFOB_PASSPHRASE_FILE
cli-passphrase-changed = passphrase changed
cli-passphrase-removed = the key to your accounts is back in your computer's password store: they open with your desktop session, and anyone at this unlocked session can read the codes

## Login requests (push approval)

cli-push-unreachable = the login service could not be reached: { $problems }
cli-no-login-waiting = no login is waiting for approval
cli-login-waiting = { $account }: { $question }{ $has_options ->
    [yes] { " " }[pick the number on the login page: { $options }]
   *[no] {""}
}{ $expires ->
    [-1] {""}
   *[other] { " " }(expires in { $expires } s)
}
cli-answer-refused = the server did not accept the answer for { $name }
cli-approved = approved: { $name }
cli-denied = denied: { $name }
cli-denied-not-me = denied and reported as not you: { $name }; its prompts are silenced for { $minutes } minutes. If you did not try to log in, change that account's password
cli-warning-insecure-push = warning: push token { $name } was enrolled over an unencrypted connection (http://{ $host }); re-enrol over https

## The clock

cli-time-check-off = the clock check is off (KEYFOB_TIME_SERVER=off); pass --server HOST:PORT
cli-time-unchecked = the clock could not be checked: { $reason }. Codes use this computer's clock as it is
cli-time-clock-off = this computer's clock is { $seconds } s { $direction ->
    [behind] behind
   *[ahead] ahead
}; codes will be refused until it is fixed

## Browsers

cli-browser-unreadable = cannot read from the browser
cli-browser-request-too-large = the request is { $bytes } bytes; at most { $max } are read
cli-browser-request-cut = the browser's request was cut short
cli-browser-unanswered = cannot answer the browser
cli-browser-not-ours = this host answers Keyfob's own browser extension only
cli-pairing-code-invalid = a pairing code is six digits
cli-paired = paired: browser { $id }
cli-already-paired = already paired: browser { $id }
cli-no-browser-paired = no browser is paired
cli-paired-at = paired at { $time }
cli-unpaired = unpaired: browser { $id }; it gets nothing from Keyfob now
cli-no-home = cannot tell where the home folder is
cli-no-program-path = cannot tell where keyfob is
cli-browser-installed = installed for { $browser }: { $file }
cli-file-removed = removed { $file }
cli-file-not-removed = cannot remove { $file }
cli-file-not-written = cannot write { $file }

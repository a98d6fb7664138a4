# What the desktop app's Rust side says itself: its own failures (the shared ones are in errors.ftl), the
# tray, notifications, native dialogs and the camera's status. docs/glossary.md has the words. Plain
# words, no paths and no error numbers: the technical reason travels beside a failure as its details.

## Pictures, links and the clipboard

app-error-no-qr-found = No QR code found: make sure the whole code is in the picture, sharp and not cut off.
app-hint-whole-qr = Use a screenshot where the whole QR code is visible.
app-error-not-an-image = This is not a picture Keyfob reads (PNG, JPEG, WebP, GIF or BMP).
app-error-image-unreadable = The picture could not be read. Take it again, or save it in another format.
app-error-image-too-large = The picture is { $width }×{ $height } pixels, more than Keyfob reads ({ $max } megapixels). Crop it to the QR code.
app-error-qr-no-link = The QR code holds no otpauth:// link.
app-hint-qr-not-setup = This QR code is not a two-factor setup code.
app-error-qr-unusable = Keyfob cannot set up an account from this QR code: what it holds is incomplete or damaged.
app-error-link-none = There is no otpauth:// link in the text.
app-error-link-unusable = Keyfob cannot set up an account from this link: it is incomplete or damaged.
app-hint-whole-link = Copy the whole link the service showed at setup.
app-error-copy-failed = Keyfob cannot put the code on the clipboard. Try again.
app-error-copy-details-failed = Keyfob cannot put the details on the clipboard. Try again.
app-error-clipboard-unreadable = Keyfob cannot read the clipboard. Try again.
app-error-clipboard-empty = The clipboard holds no image and no text.
app-hint-clipboard-empty = Copy a screenshot of the QR code, or the otpauth:// link, first.

## The screen and the camera

app-error-screen-unseen = Keyfob cannot see the screen.
app-error-screen-unsupported = Keyfob cannot capture the screen here.
app-hint-screen = Take a screenshot and paste it (Ctrl+V), or choose the image file.
app-error-camera-none = No camera was found.
app-hint-camera-none = Connect a camera, or scan the code from the screen or an image file instead.
app-error-camera-busy = The camera is in use by another program.
app-error-camera-silent = The camera sent no picture for { $seconds } seconds.
app-hint-camera-busy = Close the other program that uses the camera (a video call, another scanner), then try again.
app-error-camera-refused = Access to the camera was refused.
app-hint-camera-refused = Allow Keyfob to use the camera in your system's privacy settings (Camera), then try again.
app-error-camera-unsupported = The camera is not supported on this system yet.
app-hint-camera-unsupported = Scan the code from the screen or an image file instead.
app-error-camera-failed = The camera could not be used.
app-hint-camera-failed = Try again, or scan the code from the screen or an image file instead.
app-camera-using = Using { $device }. Looking for a QR code…
app-camera-not-setup = That QR code is not a two-factor setup code. Show the one the service gave you.


## Passwords, backups, exports, icons

app-error-password-too-short = A password must have at least { $min } characters. Choose a longer one.
app-error-export-cancelled = Nothing was shown.
app-error-no-such-icon = Keyfob has no icon by that name.
app-error-picture-unreadable = Keyfob cannot use this picture as an icon. Choose another picture.
app-error-autostart = Keyfob cannot change whether it starts at login. Try again.
app-error-sites-changed = The account's websites changed while you confirmed: nothing was changed.
app-hint-sites-changed = Open the account again and check its websites.
app-error-site-link-changed = Another website asked to be linked in the meantime. Nothing was linked.
app-error-pairing-code = That is not the pairing code Keyfob showed. Nothing was paired.
app-error-push-decision = Keyfob did not understand that answer to the login request. Nothing was sent.
app-error-unexpected = Something went wrong inside Keyfob. Try again.

## Native dialogs: confirmations (their titles are questions) and file pickers

app-confirm-cancel = Cancel
app-confirm-cancelled = Not confirmed: nothing was changed.
app-confirm-passphrase-title = Protect Keyfob with this passphrase?
app-confirm-passphrase = From now on Keyfob opens only with the passphrase you just typed, and its key leaves your computer's password store. If you forget the passphrase, your codes are gone unless you have a backup.
app-confirm-passphrase-yes = Use the passphrase
app-confirm-backup-title = Back up to this folder?
app-confirm-backup = After every change Keyfob will copy all your accounts, sealed with the backup password you just typed, to { $folder }, keeping the last { $keep }. Anyone who can read that folder and knows the password has your codes.
app-confirm-backup-yes = Back up there
app-confirm-lock-off-title = Stop locking Keyfob?
app-confirm-lock-off-idle = Keyfob will no longer lock when left idle: your codes stay open to anyone at this computer.
app-confirm-lock-off-screen = Keyfob will no longer lock when the screen locks or the computer sleeps: your codes stay open to anyone at this computer.
app-confirm-lock-off-both = Keyfob will no longer lock when left idle, nor when the screen locks or the computer sleeps: your codes stay open to anyone at this computer.
app-confirm-lock-off-yes = Stop locking
app-confirm-sites-title = Give codes to these websites?
app-confirm-sites = { $account } will give its codes to pages of: { $sites }. Continue only if you sign in to { $account } there.
app-confirm-sites-yes = Give codes there
app-confirm-export-title = Show your secrets as QR codes?
app-confirm-export-one = Keyfob will show { $account } as a QR code that contains its secret. Anyone who photographs it can make your codes. Show it only to your own phone.
app-confirm-export-all = { $count ->
    [one] Keyfob will show { $count } account as a QR code that contains its secret. Anyone who photographs it can make your codes. Show it only to your own phone.
   *[other] Keyfob will show { $count } accounts as QR codes that contain their secrets. Anyone who photographs them can make your codes. Show them only to your own phone.
}
app-confirm-export-yes = Show the codes
app-pick-qr-image = Choose the QR code image
app-pick-images = Images
app-pick-backup-folder = Choose where to keep Keyfob's backups
app-pick-import = Choose the export file from your other authenticator
app-pick-aegis = Save the Aegis export
app-pick-icon = Choose an image for the icon

## The tray, notifications, quick copy, browsers

app-tray-toggle = Show / hide Keyfob
app-tray-locked = Locked
app-tray-lock = Lock Keyfob
app-tray-copy = Copy code: { $account }
app-tray-quit = Quit Keyfob
app-push-title = Log in to { $service }?
app-push-body = { $question }: open Keyfob to approve or deny.
app-push-body-number = { $question }: open Keyfob and pick the number the login page shows.
app-push-waiting-title = A login is waiting
app-push-waiting-body = Unlock Keyfob to answer it.
app-palette-title = Keyfob quick copy
app-shortcut-wayland = This Wayland desktop lets no app take a shortcut for itself. Add one in your desktop's keyboard settings that runs: keyfob-app --quick-copy
app-error-shortcut-invalid = { $shortcut } cannot be the shortcut.
app-hint-shortcut = Use modifiers and a key, such as Ctrl+Alt+K.
app-error-shortcut-not-saved = The shortcut cannot be saved. Try again.
app-browser-chromium = Chromium, Chrome or another Chromium-based browser
app-browser-firefox = Firefox
app-browser-unnamed = a program that named no browser

//! What the layers below report (an import's problems, a failed automatic backup, a link that cannot be
//! used, an account typed in that breaks a rule) reaches a person in their language: said by the session
//! as messages and worded by each program, the English kept only where other tools read it
//! (`auto-backup status --json`) and as details.

use serde_json::Value;

use crate::util::app::{open_link, start};
use crate::util::run::{Run, speaking, temp_dir};
use crate::util::session::Session;
use crate::util::vault::{GITHUB, ok};

/// A link whose code length (9) no account can have.
const NINE_DIGITS: &str = "otpauth://totp/Bad:x?secret=JBSWY3DPEHPK3PXP&digits=9";

/// `keyfob ARGS…` in `session`, the system's language `lang`.
fn keyfob_in(session: &Session, lang: &str, args: &[&str]) -> Run {
    let mut command = session.command(args);
    speaking(&mut command, lang);
    command.output().unwrap().into()
}

/// Automatic backups on into a folder, then the folder gone (a drive unplugged) and a change made: the
/// status holds the failure. Returns the folder's path.
fn a_failed_backup(session: &Session, dir: &std::path::Path) -> std::path::PathBuf {
    let password = dir.join("password");
    std::fs::write(&password, "auto backup password").unwrap();
    let folder = dir.join("usb-stick");
    ok(session.keyfob(&["auto-backup", "on", folder.to_str().unwrap(), "--password-file", password.to_str().unwrap()]));
    std::fs::remove_dir_all(&folder).unwrap();
    ok(session.keyfob(&["add", GITHUB]));
    folder
}

#[test]
fn an_import_problem_and_a_failed_backup_are_said_in_dutch_in_the_terminal() {
    let session = Session::unlocked();
    let dir = temp_dir();
    let list = dir.path().join("links.txt");
    std::fs::write(&list, format!("{GITHUB}\n{NINE_DIGITS}\n")).unwrap();
    let imported = keyfob_in(&session, "nl_NL.UTF-8", &["import", list.to_str().unwrap()]);
    assert_eq!(imported.status, Some(0), "{imported:?}");
    let refused: Vec<&str> = imported.stdout.lines().filter(|l| l.starts_with("niet geïmporteerd")).collect();
    assert_eq!(refused, ["niet geïmporteerd: Regel 2: Met de otpauth://-link kan geen account worden ingesteld."]);

    let folder = a_failed_backup(&session, dir.path());
    let status = keyfob_in(&session, "nl_NL.UTF-8", &["auto-backup", "status"]);
    let failed: Vec<&str> = status.stdout.lines().skip_while(|l| !l.starts_with("laatste poging")).collect();
    let english = format!(
        "the automatic backup to {} failed: the folder does not exist (is the drive plugged in?). Your change itself was saved. Check that the folder exists and is writable, or choose another",
        folder.display()
    );
    assert_eq!(
        failed,
        [
            "laatste poging mislukt: De automatische reservekopie is mislukt: de map voor reservekopieën usb-stick is er niet. Staat die op een schijf, sluit de schijf dan aan.".to_owned(),
            format!("details: {english}"),
        ]
    );
    // The fixed interface keeps its English, whatever the language.
    let json = keyfob_in(&session, "nl_NL.UTF-8", &["auto-backup", "status", "--json"]);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["last_error"], Value::String(english));
}

#[test]
fn a_failed_backup_and_a_link_that_cannot_be_used_are_said_in_german_in_the_window() {
    let session = Session::unlocked();
    let dir = temp_dir();
    a_failed_backup(&session, dir.path());
    let app = start(&session, &[("LANG", "de_DE.UTF-8")]);
    app.wait_text("#accounts", |t| t.contains("GitHub"));
    app.click("#backup-open");
    let said = app.wait_text("#backup-error", |t| !t.is_empty());
    assert_eq!(
        said,
        "Die automatische Sicherung ist fehlgeschlagen: Der Sicherungsordner usb-stick ist nicht da. Wenn er auf einem Laufwerk liegt, schließen Sie das Laufwerk an."
    );
    app.execute("document.getElementById('backup-dialog').close()", serde_json::json!([]));
    open_link(&session, NINE_DIGITS);
    let said = app.wait_text("#error-text", |t| !t.is_empty());
    assert_eq!(said, "Mit seinem otpauth://-Link lässt sich kein Konto einrichten.");
}

/// A secret with a character base32 has not (the 16th).
const NOT_BASE32: &str = "JBSWY3DPEHPK3PX1";

/// An account typed in that breaks a rule is refused in the user's language, naming the field and the
/// rule's limits; the library's English only as details; exit 2 (the user's input), nothing added.
#[test]
fn an_account_typed_in_that_breaks_a_rule_is_said_in_dutch_in_the_terminal() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", GITHUB]));
    let bad_secret = keyfob_in(&session, "nl_NL.UTF-8", &["add", "--secret", NOT_BASE32, "--account", "alice"]);
    assert_eq!(
        (bad_secret.status, bad_secret.stderr.as_str()),
        (
            Some(2),
            "keyfob: kan dit account niet toevoegen: Teken 16 van de geheime sleutel kan er niet in staan: alleen de letters A tot Z en de cijfers 2 tot 7 kunnen dat.\n\
             keyfob: details: the secret has a character that is not base32 at position 16 (only letters A-Z and digits 2-7 are allowed)\n"
        )
    );
    let nine_digits = keyfob_in(
        &session,
        "nl_NL.UTF-8",
        &["add", "--secret", "JBSWY3DPEHPK3PXP", "--account", "alice", "--digits", "9"],
    );
    assert_eq!(
        (nine_digits.status, nine_digits.stderr.as_str()),
        (
            Some(2),
            "keyfob: kan dit account niet toevoegen: Een code moet tussen 6 en 8 cijfers hebben, niet 9.\n\
             keyfob: details: digits must be 6, 7 or 8, not 9\n"
        )
    );
    assert_eq!(ok(session.keyfob(&["list"])), "   1  GitHub (alice@example.com)  [totp, 6 digits]\n", "nothing added");
}

/// The window's typed form says which rule the secret or the period breaks, in German, both beside the
/// secret as it is typed and when the account is added (not "this secret" whatever was wrong).
#[test]
fn an_account_typed_in_that_breaks_a_rule_is_said_in_german_in_the_window() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", GITHUB]));
    let app = start(&session, &[("LANG", "de_DE.UTF-8")]);
    app.wait_text("#accounts", |t| t.contains("GitHub"));
    app.click("#add-button");
    app.click("#typed summary");
    app.type_into("#typed-name", "alice");
    app.type_into("#typed-secret", NOT_BASE32);
    let not_base32 = "Zeichen 16 des geheimen Schlüssels kann darin nicht vorkommen: nur die Buchstaben A bis Z und die Ziffern 2 bis 7.";
    assert_eq!(app.wait_text("#typed-secret-error", |t| !t.is_empty()), not_base32);
    app.click("#typed-add");
    assert_eq!(app.wait_text("#add-error", |t| !t.is_empty()), not_base32);
    app.execute(
        "const secret = document.getElementById('typed-secret'); secret.value = arguments[0]; \
         secret.dispatchEvent(new Event('input')); document.getElementById('typed-period').value = '0';",
        serde_json::json!(["JBSWY3DPEHPK3PXP"]),
    );
    app.click("#typed-add");
    assert_eq!(
        app.wait_text("#add-error", |t| t.starts_with("Ein Code")),
        "Ein Code muss zwischen 1 und 86400 Sekunden gelten, nicht 0."
    );
}

/// A link `keyfob add` cannot use is refused in the user's language, with why in the library's English on
/// a details line, so support still learns the reason (wrapping the link's problem in the refusal kept
/// nothing of it before); a link with two problems, two lines.
#[test]
fn a_link_keyfob_add_cannot_use_keeps_its_reason_for_support() {
    let session = Session::unlocked();
    let refused = keyfob_in(&session, "de_DE.UTF-8", &["add", NINE_DIGITS]);
    assert_eq!(refused.status, Some(2), "{}", refused.stderr);
    let lines: Vec<&str> = refused.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", refused.stderr);
    assert!(lines[0].starts_with("keyfob: ") && !lines[0].contains("digits"), "German words: {}", lines[0]);
    assert!(lines[1].starts_with("keyfob: Details: ") && lines[1].contains("`9`"), "the reason: {}", lines[1]);
    let two = keyfob_in(&session, "de_DE.UTF-8", &["add", NINE_DIGITS, "otpauth://totp/x?secret=JBSWY3DP!!"]);
    let details = two.stderr.lines().filter(|l| l.starts_with("keyfob: Details: ")).count();
    assert_eq!((two.status, details), (Some(2), 2), "one details line for each link: {}", two.stderr);
    assert_eq!(ok(session.keyfob(&["list"])), "", "nothing added");
}

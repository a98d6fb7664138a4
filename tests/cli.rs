//! The `keyfob` interface: what scripts depend on.

use crate::util::run::{Run, keyfob, keyfob_bin, speaking, temp_dir};
use crate::util::vault::vault_with_push_over_http;
use serde_json::json;

const RFC_SHA1: &str = "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";

#[test]
fn code_prints_just_the_code_at_a_fixed_time() {
    let run = keyfob(&["code", RFC_SHA1, "--at", "1111111109"]);
    assert_eq!((run.status, run.stdout.as_str(), run.stderr.as_str()), (Some(0), "07081804\n", ""));
}

#[test]
fn code_handles_times_past_2038() {
    let run = keyfob(&["code", RFC_SHA1, "--at", "20000000000"]);
    assert_eq!(run.stdout, "65353130\n");
}

#[test]
fn code_of_hotp_is_the_code_at_its_counter() {
    let run = keyfob(&["code", "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=9"]);
    assert_eq!(run.stdout, "520489\n");
}

#[test]
fn code_without_at_uses_the_clock() {
    let run = keyfob(&["code", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"]);
    assert_eq!(run.status, Some(0));
    let code = run.stdout.trim();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
}

#[test]
fn bad_links_exit_2_with_the_field_named_and_no_secret() {
    let cases = [
        ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=12", "`digits` must be 6, 7 or 8"),
        ("otpauth://totp/x?secret=JBSWY3DPEHPK3PX1", "not base32 at position 16"),
        ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5", "unsupported algorithm `MD5`"),
        ("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", "needs a `counter`"),
        ("http://example.com", "not an otpauth:// link"),
    ];
    for (uri, expected) in cases {
        let run = keyfob(&["code", uri]);
        assert_eq!(run.status, Some(2), "{uri}");
        assert!(run.stdout.is_empty(), "{uri}");
        assert!(run.stderr.contains(expected), "{uri}: {}", run.stderr);
        assert!(!run.stderr.contains("JBSWY3DP"), "{uri}: the secret leaked: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{uri}: {}", run.stderr);
    }
}

#[test]
fn inspect_prints_the_account_as_json_without_the_secret() {
    let run = keyfob(&[
        "inspect",
        "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA256&period=60",
    ]);
    assert_eq!(run.status, Some(0));
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        value,
        json!({"type": "totp", "issuer": "ACME Co", "account": "alice@example.com",
               "algorithm": "SHA256", "digits": 6, "period": 60})
    );
}

#[test]
fn inspect_shows_the_secret_only_when_asked() {
    let run = keyfob(&["inspect", "--show-secret", "otpauth://hotp/bob?secret=jbsw%20y3dp%20ehpk%203pxp&counter=4"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        value,
        json!({"type": "hotp", "issuer": null, "account": "bob", "algorithm": "SHA1", "digits": 6,
               "counter": 4, "secret": "JBSWY3DPEHPK3PXP"})
    );
}

#[test]
fn every_command_has_help() {
    for command in [&["--help"][..], &["scan", "--help"], &["code", "--help"], &["inspect", "--help"]] {
        let run = keyfob(command);
        assert_eq!(run.status, Some(0), "{command:?}");
        assert!(run.stdout.contains("Usage: keyfob"), "{command:?}: {}", run.stdout);
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(keyfob(&["scan"]).status, Some(2));
    assert_eq!(keyfob(&["code", RFC_SHA1, "--at", "yesterday"]).status, Some(2));
    assert_eq!(keyfob(&["frobnicate"]).status, Some(2));
}

/// What a terminal would act on: any control character but the line ends, or an invisible formatting one.
fn acts_on_a_terminal(text: &str) -> bool {
    text.chars().any(|c| (c.is_control() && c != '\n') || keyfob_core::account::is_invisible_format(c))
}

#[test]
fn terminal_escapes_in_links_never_reach_the_terminal() {
    // OSC 52 writes the clipboard; CSI 2J clears the screen; BEL ends the sequence.
    let osc = "%1B%5D52%3Bc%3BaGk%3D%07";
    let links = [
        format!("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits={osc}"),
        format!("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm={osc}"),
        format!("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period={osc}"),
        format!("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter={osc}"),
        format!("otpauth://{osc}/x?secret=JBSWY3DPEHPK3PXP"),
        format!("https://x.example/{osc}"),
    ];
    for link in &links {
        for command in ["inspect", "code"] {
            let run = keyfob(&[command, link]);
            assert_eq!(run.status, Some(2), "{command} {link}: {run:?}");
            assert!(!acts_on_a_terminal(&run.stderr) && !acts_on_a_terminal(&run.stdout), "{command} {link}: {run:?}");
            if link.contains('&') {
                assert!(run.stderr.contains("\\u{1b}"), "shown escaped: {}", run.stderr);
            }
        }
    }
}

#[test]
fn terminal_escapes_in_imported_names_are_shown_escaped() {
    let session = crate::util::session::Session::unlocked();
    let dir = crate::util::run::temp_dir();
    let file = dir.path().join("aegis.json");
    let entries = json!({"version": 3, "entries": [
        {"type": "yandex", "name": "bob\u{1b}[2J", "issuer": "Evil\u{7}\u{202e}", "info": {"secret": "JBSWY3DPEHPK3PXP"}},
        {"type": "totp", "name": "eve\u{1b}]52;c;aGk=\u{7}", "issuer": "", "info": {"secret": "JBSWY3DPEHPK3PXP"}}
    ]});
    let aegis = json!({"version": 1, "header": {"slots": null, "params": null}, "db": entries});
    std::fs::write(&file, serde_json::to_vec(&aegis).unwrap()).unwrap();
    let run = session.keyfob(&["import", file.to_str().unwrap()]);
    assert!(!acts_on_a_terminal(&run.stderr) && !acts_on_a_terminal(&run.stdout), "{run:?}");
    assert!(run.stdout.contains("Evil\\u{7}\\u{202e}"), "{}", run.stdout);
    assert!(run.stdout.contains("eve\\u{1b}]52"), "{}", run.stdout);
}

#[test]
fn time_servers_must_agree_and_one_liar_is_outvoted() {
    use crate::util::sntp::SkewedTimeServer;
    let honest = [SkewedTimeServer::start(95.0), SkewedTimeServer::start(95.4)];
    let liar = SkewedTimeServer::start(86_400.0);
    let both = format!("{},{}", honest[0].address(), liar.address());
    let run = keyfob(&["time", "--server", &both]);
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(run.stderr.contains("the time servers disagree (0 of 2 answers"), "{}", run.stderr);
    let three = format!("{},{},{}", honest[0].address(), liar.address(), honest[1].address());
    let run = keyfob(&["time", "--server", &three]);
    assert_eq!(run.status, Some(0), "{run:?}");
    let offset: f64 = run.stdout.trim().parse().unwrap();
    assert!((offset - 95.4).abs() < 1.0, "the median of the three, the liar outvoted: {offset}");
}

/// Regression: an export QR claiming 2^31 − 1 batches made `keyfob import` allocate 3 GB and abort
/// (SIGABRT). Now it is a damaged export: exit 1, one line saying so, nothing added.
#[test]
fn an_export_claiming_two_billion_qr_codes_is_damaged_not_an_abort() {
    let session = crate::util::session::Session::unlocked();
    let secret = b"Hello!\xde\xad\xbe\xef";
    let mut account = vec![0x0a, 10];
    account.extend_from_slice(secret);
    account.extend_from_slice(b"\x12\x05alice\x1a\x04ACME\x20\x01\x28\x01\x30\x02");
    let mut payload = vec![0x0a, u8::try_from(account.len()).unwrap()];
    payload.extend_from_slice(&account);
    // version 1, batch_size 2^31 - 1 (varint), batch_index 0, batch_id 7
    payload.extend_from_slice(&[0x10, 1, 0x18, 0xff, 0xff, 0xff, 0xff, 0x07, 0x20, 0, 0x28, 7]);
    let data = data_encoding::BASE64.encode(&payload).replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
    let png = keyfob_interop::export::qr_png(&format!("otpauth-migration://offline?data={data}")).unwrap();
    let dir = crate::util::run::temp_dir();
    let image = dir.path().join("export.png");
    std::fs::write(&image, &*png).unwrap();
    let run = session.keyfob(&["import", image.to_str().unwrap()]);
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(
        run.stdout.contains(
            "not imported: This Google Authenticator export cannot be read. Export it again from the app.\n\
             details: the export is damaged: it claims to be QR code 0 of 2147483647"
        ),
        "{run:?}"
    );
    assert!(run.stderr.contains("nothing could be imported"), "{run:?}");
    assert!(session.keyfob(&["list"]).stderr.contains("no accounts yet"), "nothing was added");
}

/// The man pages and completions the packages install come from the command's own definition.
#[test]
fn generate_prints_the_man_page_and_completions_and_writes_every_page() {
    let version = keyfob(&["--version"]);
    assert_eq!(version.stdout, format!("keyfob {}\n", env!("CARGO_PKG_VERSION")));
    let man = keyfob(&["generate", "man"]);
    assert_eq!(man.status, Some(0));
    assert!(man.stdout.contains(".TH keyfob 1") && man.stdout.contains("keyfob\\-lock(1)"), "{}", man.stdout);
    let bash = keyfob(&["generate", "complete-bash"]).stdout;
    assert!(bash.contains("complete -F _keyfob") && bash.contains("set-passphrase"), "{bash}");
    assert!(keyfob(&["generate", "complete-zsh"]).stdout.starts_with("#compdef keyfob"));
    assert!(keyfob(&["generate", "complete-fish"]).stdout.contains("complete -c keyfob"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    assert_eq!(keyfob(&["generate", "man", "--out-dir", out]).status, Some(0));
    let page = std::fs::read_to_string(dir.path().join("keyfob-lock-set-passphrase.1")).unwrap();
    assert!(page.contains("new\\-passphrase\\-file"), "{page}");
    let wrong = keyfob(&["generate", "complete-bash", "--out-dir", out]);
    assert_eq!((wrong.status, wrong.stderr.as_str()), (Some(2), "keyfob: --out-dir is for man pages\n"));
}

/// Push tokens enrolled over plain http to another computer, before Keyfob refused that, go on working:
/// `keyfob list` now says on stderr which ones, and its JSON marks them `insecure`.
#[test]
fn push_tokens_enrolled_over_remote_http_are_listed_with_a_warning() {
    let dir = crate::util::run::temp_dir();
    let vault = dir.path().join("vault");
    let passphrase = dir.path().join("passphrase");
    std::fs::write(&passphrase, "correct horse battery").unwrap();
    vault_with_push_over_http(&vault);
    let args = ["--vault", vault.to_str().unwrap(), "--passphrase-file", passphrase.to_str().unwrap(), "list"];

    let run = keyfob(&args);
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(
        run.stderr,
        "keyfob: warning: push token ACME (pipuold) was enrolled over an unencrypted connection (http://push.example.com); re-enrol over https\n"
    );
    assert_eq!(run.stdout.lines().count(), 3, "every token still listed: {}", run.stdout);

    let run = keyfob(&[&args[..], &["--json"]].concat());
    assert_eq!(run.status, Some(0), "{run:?}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let insecure: Vec<(&str, bool)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["serial"].as_str().unwrap(), t["insecure"].as_bool().unwrap()))
        .collect();
    assert_eq!(insecure, [("PIPUOLD", true), ("PIPUTLS", false), ("PIPULOCAL", false)]);
}

/// `keyfob ARGS…` on a passphrase vault in `dir` (no keychain, no bus), speaking `locale`.
fn in_language(locale: &str, dir: &std::path::Path, passphrase: &std::path::Path, args: &[&str]) -> Run {
    let mut command = std::process::Command::new(keyfob_bin());
    command
        .arg("--vault")
        .arg(dir.join("vault"))
        .arg("--passphrase-file")
        .arg(passphrase)
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyfob-test-bus")
        .env_remove("KEYFOB_HOME")
        .env_remove("KEYFOB_PASSPHRASE_FILE")
        .stdin(std::process::Stdio::null());
    speaking(&mut command, locale);
    command.output().unwrap().into()
}

/// A passphrase vault holding one account, in a fresh folder; the right and a wrong passphrase file.
fn vault_in_a_folder() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = temp_dir();
    let (right, wrong) = (dir.path().join("right"), dir.path().join("wrong"));
    std::fs::write(&right, "correct horse battery\n").unwrap();
    std::fs::write(&wrong, "wrong horse battery\n").unwrap();
    assert_eq!(in_language("C", dir.path(), &right, &["init"]).status, Some(0));
    let added = in_language("C", dir.path(), &right, &["add", RFC_SHA1]);
    assert_eq!((added.status, added.stdout.as_str()), (Some(0), "added 1: RFC (6238)\n"), "{added:?}");
    (dir, right, wrong)
}

#[test]
fn failures_are_said_in_the_users_language() {
    let (dir, right, wrong) = vault_in_a_folder();
    let cases = [
        (
            "nl_NL.UTF-8",
            "keyfob: Verkeerde wachtwoordzin: hij opent je accounts niet. Controleer hem en probeer het opnieuw.\n",
            "keyfob: Er is geen account met nummer 42. Kijk of het nummer klopt.\n",
        ),
        (
            "de_DE.UTF-8",
            "keyfob: Falsche Passphrase: Sie öffnet Ihre Konten nicht. Prüfen Sie sie und versuchen Sie es erneut.\n",
            "keyfob: Es gibt kein Konto mit der Nummer 42. Prüfen Sie die Nummer.\n",
        ),
        (
            "C.UTF-8",
            "keyfob: Wrong passphrase: it does not open your accounts. Check it and try again.\n",
            "keyfob: There is no account with number 42. Check the number.\n",
        ),
    ];
    for (locale, wrong_passphrase, missing_account) in cases {
        let run = in_language(locale, dir.path(), &wrong, &["list"]);
        assert_eq!((run.status, run.stdout.as_str(), run.stderr.as_str()), (Some(2), "", wrong_passphrase), "{locale}");
        let run = in_language(locale, dir.path(), &right, &["rename", "42", "--account", "x"]);
        assert_eq!((run.status, run.stderr.as_str()), (Some(1), missing_account), "{locale}");
    }
}

#[test]
fn the_terminals_own_words_and_plurals_follow_the_language() {
    let (dir, right, _) = vault_in_a_folder();
    let said = |locale, args: &[&str]| in_language(locale, dir.path(), &right, args).stdout;
    assert_eq!(said("nl_BE.UTF-8", &["rename", "1", "--account", "één"]), "hernoemd 1: RFC (één)\n");
    assert_eq!(
        said("nl_NL.UTF-8", &["lock", "auto", "--minutes", "1"]).lines().next(),
        Some("automatisch vergrendelen: na 1 minuut niets doen")
    );
    assert_eq!(
        said("de_DE.UTF-8", &["lock", "auto", "--minutes", "5"]).lines().next(),
        Some("automatisch sperren: nach 5 Minuten ohne Eingabe")
    );
    assert_eq!(said("C", &["lock", "auto", "--minutes", "1"]).lines().next(), Some("auto-lock: after 1 idle minute"));
    // A terminal hint in the user's language follows the shared message, the flag as it is.
    let run = in_language("de_DE.UTF-8", dir.path(), &right, &["push", "list"]);
    assert_eq!(
        run.stderr,
        "keyfob: Noch kein Konto ist für Anmeldeanfragen eingerichtet. Scannen Sie den Einrichtungscode für Anmeldeanfragen, den der Dienst zeigt.\nkeyfob: scannen Sie einen QR-Code für Anmeldeanfragen mit keyfob add --scan\n"
    );
}

#[test]
fn language_is_chosen_as_gettext_chooses_it() {
    let (dir, _, wrong) = vault_in_a_folder();
    let first_words = |lang: &str, language: Option<&str>, lc_all: Option<&str>| {
        let mut command = std::process::Command::new(keyfob_bin());
        command.args(["--vault"]).arg(dir.path().join("vault")).arg("--passphrase-file").arg(&wrong).arg("list");
        command.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyfob-test-bus");
        speaking(&mut command, lang);
        if let Some(language) = language {
            command.env("LANGUAGE", language);
        }
        if let Some(lc_all) = lc_all {
            command.env("LC_ALL", lc_all);
        }
        let run: Run = command.stdin(std::process::Stdio::null()).output().unwrap().into();
        run.stderr.split(':').nth(1).unwrap_or_default().trim().to_owned()
    };
    assert_eq!(
        first_words("nl_NL.UTF-8", Some("fr:de"), None),
        "Falsche Passphrase",
        "LANGUAGE's first spoken language"
    );
    assert_eq!(first_words("en_US.UTF-8", None, Some("nl_BE.UTF-8")), "Verkeerde wachtwoordzin", "LC_ALL over LANG");
    assert_eq!(first_words("C", Some("de"), None), "Wrong passphrase", "the C locale ignores LANGUAGE");
    assert_eq!(first_words("fr_FR.UTF-8", None, None), "Wrong passphrase", "a language Keyfob does not speak");
}

#[test]
fn machine_readable_output_is_the_same_in_every_language() {
    let (dir, right, _) = vault_in_a_folder();
    in_language("C", dir.path(), &right, &["sites", "1", "example.com"]);
    for args in [
        &["list", "--json"][..],
        &["lock", "status", "--json"],
        &["auto-backup", "status", "--json"],
        &["browser", "paired", "--json"],
        &["inspect", RFC_SHA1],
        &["code", "1", "--at", "1111111109"],
        &["export", "--uris", "--i-understand-this-prints-secrets"],
    ] {
        let english = in_language("C", dir.path(), &right, args);
        assert_eq!(english.status, Some(0), "{args:?}: {english:?}");
        assert!(!english.stdout.is_empty(), "{args:?}");
        for locale in ["nl_NL.UTF-8", "de_DE.UTF-8"] {
            let translated = in_language(locale, dir.path(), &right, args);
            assert_eq!((translated.status, &translated.stdout), (Some(0), &english.stdout), "{args:?} in {locale}");
        }
    }
    // Exit statuses too: a bad link exits 2 in every language.
    for locale in ["C", "nl_NL.UTF-8", "de_DE.UTF-8"] {
        assert_eq!(in_language(locale, dir.path(), &right, &["code", "http://example.com"]).status, Some(2));
    }
}

use super::*;

#[test]
fn reports_each_hard_case() {
    let mut failed = Vec::new();
    for case in keyfob_testkit::hard_cases(7) {
        let start = std::time::Instant::now();
        let found = decode_luma(&case.image);
        let ok = found == [case.payload.clone()];
        eprintln!("{:32} {:5} {:?} {}x{}", case.name, ok, start.elapsed(), case.image.width(), case.image.height());
        if !ok {
            failed.push(case.name);
        }
    }
    assert!(failed.is_empty(), "{failed:?}");
}

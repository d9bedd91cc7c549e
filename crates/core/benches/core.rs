//! The core's budgets from ../shared/BRIEF.md: a year of occurrences for 20 medicines under 2 ms; adherence over
//! five years of events under 5 ms. Run: `cargo bench -p tend-core` (figures recorded in BENCHMARKS.md).

use chrono::{DateTime, Duration, Utc};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tend_core::adherence::report;
use tend_core::dataset::ZoneContext;
use tend_core::example::synthetic;
use tend_core::occurrence::expand;
use tend_core::zone::BundledRules;

const ZONE: &str = "Europe/London";

fn end() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-01T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn expand_a_year(c: &mut Criterion) {
    let data = synthetic(20, 1, end(), ZONE, &BundledRules).unwrap();
    let zones = ZoneContext::single(ZONE);
    let (from, to) = (end(), end() + Duration::days(365));
    let count = expand(&data, &zones, &BundledRules, from, to).unwrap().len();
    println!("a year for 20 medicines: {count} occurrences");
    c.bench_function("expand a year, 20 medicines", |b| {
        b.iter(|| expand(black_box(&data), &zones, &BundledRules, from, to).unwrap())
    });
}

fn adherence_five_years(c: &mut Criterion) {
    let data = synthetic(12, 5 * 365, end(), ZONE, &BundledRules).unwrap();
    let zones = ZoneContext::single(ZONE);
    println!(
        "five years for 12 medicines: {} dose events",
        data.dose_events.len()
    );
    c.bench_function("adherence over five years, 12 medicines", |b| {
        b.iter(|| report(black_box(&data), &zones, &BundledRules, None, 5 * 365, end()).unwrap())
    });
    c.bench_function(
        "adherence over 90 days of a five-year history, 12 medicines",
        |b| b.iter(|| report(black_box(&data), &zones, &BundledRules, None, 90, end()).unwrap()),
    );
}

criterion_group!(benches, expand_a_year, adherence_five_years);
criterion_main!(benches);

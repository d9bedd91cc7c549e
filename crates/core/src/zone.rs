//! Time zones: which zone a dose follows, and how a local wall-clock time becomes an instant.
//!
//! The core does not bundle the IANA database. It asks a [`ZoneRules`] for the UTC offset of a zone at an
//! instant: natively that is chrono-tz (feature `tzdb`), in the browser it is `Intl.DateTimeFormat`, so the
//! wasm carries no tz tables. On top of that one question the core resolves local times by RFC 5545
//! (the same as Temporal's "compatible" disambiguation): a time in a skipped hour takes the offset before the
//! gap, a time in a repeated hour means its first occurrence.

use crate::dataset::Dataset;
use crate::fast_hash::FastMap;
use crate::limits::{echo, Checks};
use crate::record::{Meta, Record};
use crate::Id;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a medication's times are read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", try_from = "StoredPolicy")]
pub enum ZonePolicy {
    /// Times follow the wall clock wherever the person is (most medicines).
    FollowLocal,
    /// Times stay in one IANA zone, for time-critical medicines.
    Fixed { zone: String },
}

/// [`ZonePolicy`] as stored, read as a plain struct (see `medication::StoredCutoff` for why).
#[derive(Deserialize)]
struct StoredPolicy {
    kind: PolicyKind,
    #[serde(default)]
    zone: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum PolicyKind {
    FollowLocal,
    Fixed,
}

impl TryFrom<StoredPolicy> for ZonePolicy {
    type Error = &'static str;

    fn try_from(stored: StoredPolicy) -> Result<Self, Self::Error> {
        match (stored.kind, stored.zone) {
            (PolicyKind::FollowLocal, _) => Ok(ZonePolicy::FollowLocal),
            (PolicyKind::Fixed, Some(zone)) => Ok(ZonePolicy::Fixed { zone }),
            (PolicyKind::Fixed, None) => Err("missing field `zone`"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownZone(pub String);

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown time zone \"{}\"", echo(&self.0))
    }
}

/// The IANA rules, supplied by the platform.
pub trait ZoneRules {
    /// The offset from UTC in seconds (local = UTC + offset) in force in `zone` at `instant`.
    fn offset_at(&self, zone: &str, instant: DateTime<Utc>) -> Result<i32, UnknownZone>;

    fn is_known(&self, zone: &str) -> bool {
        self.offset_at(zone, DateTime::UNIX_EPOCH).is_ok()
    }
}

/// An instant with the local time and offset it had in its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub instant: DateTime<Utc>,
    /// The wall-clock time at `instant` (differs from the requested time inside a skipped hour).
    pub local: NaiveDateTime,
    pub offset_seconds: i32,
}

/// `instant` moved by `by`, held at the first or last instant chrono can represent rather than overflowing:
/// instants and dates read from a record may be anywhere in that range.
pub(crate) fn shift(instant: DateTime<Utc>, by: Duration) -> DateTime<Utc> {
    instant
        .checked_add_signed(by)
        .unwrap_or(if by < Duration::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
}

pub(crate) fn to_instant(local: NaiveDateTime, offset_seconds: i32) -> DateTime<Utc> {
    // Most doses stay on their local date in UTC: then only the time of day moves, which is much cheaper than
    // calendar arithmetic. (A leap-second time takes the general path.)
    let time = local.time();
    let seconds = i64::from(time.num_seconds_from_midnight()) - i64::from(offset_seconds);
    if time.nanosecond() < 1_000_000_000 {
        if let Some(time) = u32::try_from(seconds)
            .ok()
            .and_then(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, time.nanosecond()))
        {
            return local.date().and_time(time).and_utc();
        }
    }
    shift(local.and_utc(), Duration::seconds(-i64::from(offset_seconds)))
}

fn local_time(instant: DateTime<Utc>, offset_seconds: i32) -> NaiveDateTime {
    shift(instant, Duration::seconds(offset_seconds.into())).naive_utc()
}

/// A local time read with a known offset.
pub(crate) fn at_offset(local: NaiveDateTime, offset_seconds: i32) -> Resolved {
    Resolved {
        instant: to_instant(local, offset_seconds),
        local,
        offset_seconds,
    }
}

/// Resolves a local time in a zone by RFC 5545. Candidates come from the offsets a day either side and at the
/// time itself, which covers every real transition (none are closer than a day apart).
pub fn resolve(rules: &dyn ZoneRules, zone: &str, local: NaiveDateTime) -> Result<Resolved, UnknownZone> {
    let naive_utc = local.and_utc();
    let before = rules.offset_at(zone, shift(naive_utc, -Duration::days(1)))?;
    let here = rules.offset_at(zone, naive_utc)?;
    let after = rules.offset_at(zone, shift(naive_utc, Duration::days(1)))?;
    let mut earliest: Option<DateTime<Utc>> = None;
    for offset in [before, here, after] {
        let instant = to_instant(local, offset);
        if rules.offset_at(zone, instant)? == offset && earliest.is_none_or(|e| instant < e) {
            earliest = Some(instant);
        }
    }
    let instant = earliest.unwrap_or_else(|| to_instant(local, before));
    let offset_seconds = rules.offset_at(zone, instant)?;
    Ok(Resolved {
        instant,
        local: local_time(instant, offset_seconds),
        offset_seconds,
    })
}

/// The local wall-clock time of an instant in a zone.
pub fn local_at(rules: &dyn ZoneRules, zone: &str, instant: DateTime<Utc>) -> Result<Resolved, UnknownZone> {
    let offset_seconds = rules.offset_at(zone, instant)?;
    Ok(Resolved {
        instant,
        local: local_time(instant, offset_seconds),
        offset_seconds,
    })
}

/// Memoises resolution per zone and local date: on a day without a transition nearby every time shares one
/// offset, so expanding a year of doses asks the rules a few times a day rather than a few times a dose.
pub struct Resolver<'a> {
    rules: &'a dyn ZoneRules,
    /// Each zone asked about, with what is known of it so far.
    zones: Vec<ZoneMemo>,
    /// The zone last asked about by name, since doses are resolved a zone at a time.
    last_zone: usize,
}

struct ZoneMemo {
    name: String,
    /// The steady offset of each local date worked out so far.
    days: FastMap<NaiveDate, Option<i32>>,
    /// The offsets at the midnights a date's steadiness is checked at: each is checked for two dates.
    midnights: FastMap<DateTime<Utc>, i32>,
    /// Local times on days near a transition, resolved one by one: medicines share their times.
    near_transition: FastMap<NaiveDateTime, Resolved>,
}

/// A zone a [`Resolver`] keeps offsets for, found once by name (see [`Resolver::zone`]).
#[derive(Clone, Copy)]
pub(crate) struct ZoneKey(usize);

impl<'a> Resolver<'a> {
    pub fn new(rules: &'a dyn ZoneRules) -> Self {
        Resolver {
            rules,
            zones: Vec::new(),
            last_zone: 0,
        }
    }

    pub fn rules(&self) -> &'a dyn ZoneRules {
        self.rules
    }

    pub fn resolve(&mut self, zone: &str, local: NaiveDateTime) -> Result<Resolved, UnknownZone> {
        let key = self.zone(zone);
        if let Some(offset_seconds) = self.steady(key, local.date())? {
            return Ok(at_offset(local, offset_seconds));
        }
        let memo = &mut self.zones[key.0];
        if let Some(known) = memo.near_transition.get(&local) {
            return Ok(*known);
        }
        let resolved = resolve(self.rules, zone, local)?;
        memo.near_transition.insert(local, resolved);
        Ok(resolved)
    }

    /// The key of a zone, for asking about many dates in it without looking it up by name each time.
    pub(crate) fn zone(&mut self, zone: &str) -> ZoneKey {
        if self
            .zones
            .get(self.last_zone)
            .is_some_and(|memo| memo.name == zone)
        {
            return ZoneKey(self.last_zone);
        }
        self.last_zone = match self.zones.iter().position(|memo| memo.name == zone) {
            Some(index) => index,
            None => {
                self.zones.push(ZoneMemo {
                    name: zone.to_owned(),
                    days: FastMap::default(),
                    midnights: FastMap::default(),
                    near_transition: FastMap::default(),
                });
                self.zones.len() - 1
            }
        };
        ZoneKey(self.last_zone)
    }

    /// The one offset every local time on `date` in the zone resolves with, when no transition is near it
    /// (memoised); `None` on days near a transition, whose times are resolved one by one.
    pub(crate) fn steady(&mut self, zone: ZoneKey, date: NaiveDate) -> Result<Option<i32>, UnknownZone> {
        let memo = &mut self.zones[zone.0];
        if let Some(known) = memo.days.get(&date) {
            return Ok(*known);
        }
        let found = memo.steady_offset_on(self.rules, date)?;
        memo.days.insert(date, found);
        Ok(found)
    }
}

impl ZoneMemo {
    /// The offset of a local date if the same offset holds from a day before to a day after it (checked at
    /// the midnight before the day before, at midday and at the midnight after the day after).
    fn steady_offset_on(
        &mut self,
        rules: &dyn ZoneRules,
        date: NaiveDate,
    ) -> Result<Option<i32>, UnknownZone> {
        let midday = date.and_hms_opt(12, 0, 0).expect("valid time").and_utc();
        let first = self.offset_at_midnight(rules, shift(midday, -Duration::hours(36)))?;
        if rules.offset_at(&self.name, midday)? != first {
            return Ok(None);
        }
        let last = self.offset_at_midnight(rules, shift(midday, Duration::hours(36)))?;
        Ok((last == first).then_some(first))
    }

    fn offset_at_midnight(
        &mut self,
        rules: &dyn ZoneRules,
        instant: DateTime<Utc>,
    ) -> Result<i32, UnknownZone> {
        if let Some(known) = self.midnights.get(&instant) {
            return Ok(*known);
        }
        let offset = rules.offset_at(&self.name, instant)?;
        self.midnights.insert(instant, offset);
        Ok(offset)
    }
}

/// A record of the device's zone changing (the person travelled, or set up the app). Append-only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ZoneChange {
    #[serde(flatten)]
    pub meta: Meta,
    /// From this instant on, follow-local medicines use `zone`.
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub since: DateTime<Utc>,
    pub zone: String,
}

impl ZoneChange {
    /// Checks the change's own values against [`crate::limits`] (its zone is checked by import, which knows the
    /// rules); each problem is a (field, message) pair.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut checks = Checks::default();
        checks.instant("since", self.since);
        checks.into_vec()
    }
}

impl Record for ZoneChange {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
    /// Where the person was, and since when, is theirs: both go.
    fn cleared(&self) -> Self {
        ZoneChange {
            meta: self.meta.clone(),
            since: DateTime::<Utc>::UNIX_EPOCH,
            zone: String::new(),
        }
    }
    fn own_problems(&self) -> Vec<(String, String)> {
        self.problems()
            .into_iter()
            .map(|(field, message)| (field.to_owned(), message))
            .collect()
    }
    fn zones(&self) -> Vec<(&'static str, &str)> {
        vec![("zone", &self.zone)]
    }
}

/// The zone changes to record when the device is in `device_zone` at `now`: one for each person whose current
/// zone (the one their [`ZoneHistory`] ends in, which their follow-local medicines use) is another, or who has
/// none recorded yet (first use). `meta` makes each record's header for a person's id.
pub fn zone_changes_due(
    data: &Dataset,
    device_zone: &str,
    now: DateTime<Utc>,
    mut meta: impl FnMut(Id) -> Meta,
) -> Vec<ZoneChange> {
    data.profiles
        .iter()
        .filter(|p| !p.meta.deleted)
        .filter(|p| {
            let recorded = data
                .zone_changes
                .iter()
                .filter(|z| z.meta.profile_id == p.meta.id);
            ZoneHistory::from_changes(recorded).is_none_or(|history| history.current() != device_zone)
        })
        .map(|p| ZoneChange {
            meta: meta(p.meta.id),
            since: now,
            zone: device_zone.to_owned(),
        })
        .collect()
}

/// Where a profile has been: which zone follow-local medicines used from when.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneHistory {
    /// Sorted by `since`; never empty.
    spans: Vec<(DateTime<Utc>, String)>,
}

impl ZoneHistory {
    /// The same zone for all time.
    pub fn fixed(zone: &str) -> Self {
        ZoneHistory {
            spans: vec![(DateTime::<Utc>::MIN_UTC, zone.to_owned())],
        }
    }

    /// Builds the history from recorded changes; before the first change the first zone applies.
    /// Returns `None` when there are no changes.
    pub fn from_changes<'c>(changes: impl IntoIterator<Item = &'c ZoneChange>) -> Option<Self> {
        let mut spans: Vec<(DateTime<Utc>, String)> = changes
            .into_iter()
            .filter(|c| !c.meta.deleted)
            .map(|c| (c.since, c.zone.clone()))
            .collect();
        crate::sort::sort(&mut spans);
        let first = spans.first_mut()?;
        first.0 = DateTime::<Utc>::MIN_UTC;
        Some(ZoneHistory { spans })
    }

    /// The zone in force at an instant.
    pub fn zone_at(&self, instant: DateTime<Utc>) -> &str {
        let after = self.spans.partition_point(|(since, _)| *since <= instant);
        &self.spans[after.saturating_sub(1)].1
    }

    pub fn current(&self) -> &str {
        &self.spans.last().expect("never empty").1
    }

    /// The zone before the current one: where the person came from, if they moved.
    pub fn previous(&self) -> Option<&str> {
        let before = self.spans.len().checked_sub(2)?;
        Some(&self.spans[before].1)
    }

    /// The newest span: when the person arrived in the current zone (the earliest instant for the first).
    pub fn newest(&self) -> (DateTime<Utc>, &str) {
        let (since, zone) = self.spans.last().expect("never empty");
        (*since, zone)
    }

    /// Resolves a follow-local wall-clock time. The newest zone whose span contains the resolved instant wins,
    /// so each scheduled time maps to exactly one instant: after travel a dose is neither dropped nor doubled.
    pub fn resolve(
        &self,
        resolver: &mut Resolver,
        local: NaiveDateTime,
    ) -> Result<(Resolved, &str), UnknownZone> {
        for (since, zone) in self.spans.iter().rev() {
            let resolved = resolver.resolve(zone, local)?;
            if resolved.instant >= *since {
                return Ok((resolved, zone));
            }
        }
        let zone = &self.spans[0].1;
        Ok((resolver.resolve(zone, local)?, zone))
    }
}

/// The bundled IANA database, for native code (CLI, tests, benchmarks).
#[cfg(feature = "tzdb")]
pub struct BundledRules;

#[cfg(feature = "tzdb")]
impl ZoneRules for BundledRules {
    fn offset_at(&self, zone: &str, instant: DateTime<Utc>) -> Result<i32, UnknownZone> {
        use chrono::{Offset, TimeZone};
        thread_local! {
            /// The last zone looked up: finding a zone by name costs more than the offset itself, and callers
            /// ask about one zone many times in a row.
            static LAST: std::cell::RefCell<Option<(String, chrono_tz::Tz)>> = const { std::cell::RefCell::new(None) };
        }
        let tz = LAST.with_borrow_mut(|last| match last {
            Some((name, tz)) if name == zone => Ok(*tz),
            _ => {
                let tz: chrono_tz::Tz = zone.parse().map_err(|_| UnknownZone(zone.to_owned()))?;
                *last = Some((zone.to_owned(), tz));
                Ok(tz)
            }
        })?;
        Ok(tz
            .offset_from_utc_datetime(&instant.naive_utc())
            .fix()
            .local_minus_utc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::ZoneContext;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        local(text).and_utc()
    }

    #[test]
    fn a_time_in_the_skipped_hour_takes_the_offset_before_the_gap() {
        let r = resolve(&BundledRules, "America/New_York", local("2026-03-08 02:30")).unwrap();
        assert_eq!(r.instant, utc("2026-03-08 07:30"));
        assert_eq!(r.local, local("2026-03-08 03:30"));
        assert_eq!(r.offset_seconds, -4 * 3600);
    }

    #[test]
    fn a_time_in_the_repeated_hour_means_its_first_occurrence() {
        let r = resolve(&BundledRules, "America/New_York", local("2026-11-01 01:30")).unwrap();
        assert_eq!(r.instant, utc("2026-11-01 05:30"));
        assert_eq!(r.offset_seconds, -4 * 3600);
    }

    #[test]
    fn lord_howe_shifts_by_half_an_hour() {
        // Lord Howe springs forward 02:00 -> 02:30 on the first Sunday of October (UTC+10:30 -> +11).
        let gap = resolve(&BundledRules, "Australia/Lord_Howe", local("2026-10-04 02:15")).unwrap();
        assert_eq!(gap.local, local("2026-10-04 02:45"));
        assert_eq!(gap.offset_seconds, 11 * 3600);
        // And falls back 02:00 -> 01:30 on the first Sunday of April: 01:45 happens twice, the first is +11.
        let repeated = resolve(&BundledRules, "Australia/Lord_Howe", local("2026-04-05 01:45")).unwrap();
        assert_eq!(repeated.offset_seconds, 11 * 3600);
    }

    #[test]
    fn resolver_cache_agrees_with_direct_resolution_around_transitions() {
        let mut resolver = Resolver::new(&BundledRules);
        for zone in [
            "America/New_York",
            "Europe/London",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
        ] {
            let mut t = local("2026-01-01 00:00");
            while t < local("2027-01-01 00:00") {
                assert_eq!(
                    resolver.resolve(zone, t).unwrap(),
                    resolve(&BundledRules, zone, t).unwrap(),
                    "{zone} {t}"
                );
                t += Duration::minutes(97);
            }
        }
    }

    #[test]
    fn unknown_zones_are_reported() {
        assert_eq!(
            resolve(&BundledRules, "Mars/Olympus", local("2026-01-01 08:00")),
            Err(UnknownZone("Mars/Olympus".into()))
        );
    }

    fn change(since: &str, zone: &str) -> ZoneChange {
        let id = crate::Id::from_u128(since.len() as u128);
        ZoneChange {
            meta: Meta {
                id,
                profile_id: id,
                stamp: Default::default(),
                deleted: false,
            },
            since: utc(since),
            zone: zone.into(),
        }
    }

    #[test]
    fn flying_west_keeps_the_morning_dose_in_the_old_zone() {
        // Landed in Los Angeles at 12:00 New York time (09:00 Pacific).
        let history = ZoneHistory::from_changes(&[
            change("2026-01-01 00:00", "America/New_York"),
            change("2026-06-10 16:00", "America/Los_Angeles"),
        ])
        .unwrap();
        let mut resolver = Resolver::new(&BundledRules);
        let (morning, zone) = history.resolve(&mut resolver, local("2026-06-10 08:00")).unwrap();
        assert_eq!(
            (morning.instant, zone),
            (utc("2026-06-10 12:00"), "America/New_York")
        );
        let (evening, zone) = history.resolve(&mut resolver, local("2026-06-10 20:00")).unwrap();
        assert_eq!(
            (evening.instant, zone),
            (utc("2026-06-11 03:00"), "America/Los_Angeles")
        );
    }

    #[test]
    fn flying_east_keeps_a_dose_that_was_not_yet_due_at_home() {
        // Landed in New York at 09:00 Pacific (12:00 Eastern); the 10:00 dose is still due, at 10:00 Pacific.
        let history = ZoneHistory::from_changes(&[
            change("2026-01-01 00:00", "America/Los_Angeles"),
            change("2026-06-10 16:00", "America/New_York"),
        ])
        .unwrap();
        let mut resolver = Resolver::new(&BundledRules);
        let (dose, zone) = history.resolve(&mut resolver, local("2026-06-10 10:00")).unwrap();
        assert_eq!(
            (dose.instant, zone),
            (utc("2026-06-10 17:00"), "America/Los_Angeles")
        );
        let (next_day, zone) = history.resolve(&mut resolver, local("2026-06-11 10:00")).unwrap();
        assert_eq!(
            (next_day.instant, zone),
            (utc("2026-06-11 14:00"), "America/New_York")
        );
    }

    fn profile(n: u128, deleted: bool) -> crate::medication::Profile {
        let id = crate::Id::from_u128(n);
        crate::medication::Profile {
            meta: Meta {
                id,
                profile_id: id,
                stamp: Default::default(),
                deleted,
            },
            name: format!("Person {n}"),
            colour: "#000".into(),
            conditions: vec![],
            rules: Default::default(),
            quiet_hours: None,
        }
    }

    fn change_for(n: u128, profile: u128, since: &str, zone: &str) -> ZoneChange {
        let mut change = change(since, zone);
        change.meta.id = crate::Id::from_u128(n);
        change.meta.profile_id = crate::Id::from_u128(profile);
        change
    }

    /// Who gets a change to `zone`, and the ids and zones of the new records.
    fn due(data: &Dataset, zone: &str) -> Vec<(crate::Id, crate::Id, String)> {
        let mut next = 1000;
        zone_changes_due(data, zone, utc("2026-06-10 16:00"), |profile_id| {
            next += 1;
            Meta {
                id: crate::Id::from_u128(next),
                profile_id,
                stamp: Default::default(),
                deleted: false,
            }
        })
        .into_iter()
        .inspect(|c| assert_eq!(c.since, utc("2026-06-10 16:00")))
        .map(|c| (c.meta.id, c.meta.profile_id, c.zone))
        .collect()
    }

    fn new(id: u128, profile: u128, zone: &str) -> (crate::Id, crate::Id, String) {
        (
            crate::Id::from_u128(id),
            crate::Id::from_u128(profile),
            zone.to_owned(),
        )
    }

    #[test]
    fn the_first_use_records_each_living_persons_zone() {
        let data = Dataset {
            profiles: vec![profile(1, false), profile(2, true), profile(3, false)],
            ..Dataset::default()
        };
        assert_eq!(
            due(&data, "Europe/London"),
            vec![new(1001, 1, "Europe/London"), new(1002, 3, "Europe/London")]
        );
    }

    #[test]
    fn a_change_is_recorded_only_for_whoever_was_last_somewhere_else() {
        let data = Dataset {
            profiles: vec![profile(1, false), profile(2, false)],
            // Listed out of time order: the newest change counts, not the last listed.
            zone_changes: vec![
                change_for(10, 1, "2026-06-01 00:00", "America/New_York"),
                change_for(11, 1, "2026-01-01 00:00", "Europe/London"),
                change_for(12, 2, "2026-01-01 00:00", "Europe/London"),
            ],
            ..Dataset::default()
        };
        assert_eq!(due(&data, "Europe/London"), vec![new(1001, 1, "Europe/London")]);
        assert_eq!(
            due(&data, "America/New_York"),
            vec![new(1001, 2, "America/New_York")]
        );
    }

    #[test]
    fn the_zone_compared_is_the_one_the_medicines_follow() {
        let mut deleted = change_for(12, 1, "2026-06-05 00:00", "Asia/Tokyo");
        deleted.meta.deleted = true;
        let data = Dataset {
            profiles: vec![profile(1, false)],
            // Two changes at the same instant (two devices); a deleted change is no longer where they are.
            zone_changes: vec![
                change_for(10, 1, "2026-06-01 00:00", "Europe/Paris"),
                change_for(11, 1, "2026-06-01 00:00", "Europe/London"),
                deleted,
            ],
            ..Dataset::default()
        };
        let current = ZoneContext::recorded(&data, "UTC")
            .history(crate::Id::from_u128(1))
            .current()
            .to_owned();
        assert!(due(&data, &current).is_empty());
        assert_eq!(due(&data, "Asia/Tokyo").len(), 1);
    }

    #[test]
    fn a_zone_policy_reads_back_what_it_writes_and_names_a_missing_zone() {
        let fixed = ZonePolicy::Fixed {
            zone: "Asia/Tokyo".into(),
        };
        for policy in [ZonePolicy::FollowLocal, fixed.clone()] {
            let text = serde_json::to_string(&policy).unwrap();
            assert_eq!(serde_json::from_str::<ZonePolicy>(&text).unwrap(), policy);
        }
        assert_eq!(
            serde_json::to_string(&fixed).unwrap(),
            r#"{"kind":"fixed","zone":"Asia/Tokyo"}"#
        );
        let error = serde_json::from_str::<ZonePolicy>(r#"{"kind":"fixed"}"#).unwrap_err();
        assert!(error.to_string().contains("zone"), "{error}");
    }
}

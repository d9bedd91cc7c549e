//! The health charts on My health: weekly taking and timing, each measurement and the check-ins' mood over 30, 90
//! or 365 days on one time axis, the goals marked. Plain SVG drawn from the core's series (`tend_core::chart`):
//! each chart has a title and a description, patterns as well as colour, and a table with the same numbers.

use crate::i18n::{format_short_date, tr, use_lang, Lang, Text, S};
use crate::pages::health::kind_name;
use crate::pages::today::number_text;
use crate::state::use_state;
use crate::zone_rules::IntlRules;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use leptos::prelude::*;
use tend_core::chart::{moods, readings, weekly, Axis, Point, Week};
use tend_core::dataset::ZoneContext;
use tend_core::export::People;
use tend_core::measure::MeasureKind;

const PERIODS: [u32; 3] = [30, 90, 365];
/// The drawing's own units: the SVG scales to the screen's width.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 150.0;
const LEFT: f64 = 36.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

/// The time axis every chart shares: `from` at the left, `to` at the right.
#[derive(Clone, Copy, PartialEq)]
struct TimeAxis {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

impl TimeAxis {
    fn x(&self, at: DateTime<Utc>) -> f64 {
        let span = (self.to - self.from).num_seconds().max(1) as f64;
        let share = ((at - self.from).num_seconds() as f64 / span).clamp(0.0, 1.0);
        LEFT + share * (WIDTH - LEFT - RIGHT)
    }

    fn x_of_date(&self, date: NaiveDate) -> f64 {
        self.x(date.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
    }
}

/// An instant's date in the device's zone, as the person's language writes it.
fn day(lang: Lang, at: DateTime<Utc>) -> String {
    format_short_date(lang, use_state().local_time(at).date())
}

fn y(share: f64) -> f64 {
    TOP + (1.0 - share.clamp(0.0, 1.0)) * (HEIGHT - TOP - BOTTOM)
}

/// What the charts draw for the person shown over the period chosen.
#[derive(Clone, PartialEq)]
struct Series {
    axis: TimeAxis,
    weeks: Vec<Week>,
    readings: Vec<(MeasureKind, Vec<Point>)>,
    moods: Vec<(DateTime<Utc>, u32)>,
    /// The goals set within the period: (number on the chart, date, words).
    goals: Vec<(usize, NaiveDate, String)>,
}

#[component]
pub fn Charts() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let days = RwSignal::new(PERIODS[0]);
    let series = Memo::new(move |_| {
        // Ticks with the app's clock, but reads the time itself: a measurement saved a moment ago is in.
        state.now.track();
        let (days, now, today) = (days.get(), crate::clock::now(), state.today());
        let person = state.target_profile()?;
        let people = People::Only(person);
        let from = now - Duration::days(i64::from(days));
        state.data.with(|d| {
            let zones = ZoneContext::recorded(d, &state.zone());
            let weeks = weekly(d, &zones, &IntlRules, people, days, now, today).ok()?;
            let readings = MeasureKind::ALL
                .into_iter()
                .map(|kind| (kind, readings(d, people, kind, from, now)))
                .filter(|(_, r)| !r.is_empty())
                .collect();
            let first = from.date_naive();
            let mut goals: Vec<_> = tend_core::visit::goals(d, people)
                .into_iter()
                .filter(|g| g.since >= first && g.since <= today)
                .map(|g| (g.since, g.text.clone()))
                .collect();
            goals.sort_by_key(|g| g.0);
            let goals = goals
                .into_iter()
                .enumerate()
                .map(|(i, (since, text))| (i + 1, since, text))
                .collect();
            Some(Series {
                axis: TimeAxis { from, to: now },
                weeks,
                readings,
                moods: moods(d, people, from, now),
                goals,
            })
        })
    });
    view! {
        <section class="card charts" aria-labelledby="charts-heading">
            <h2 id="charts-heading">{tr(S::ChartsTitle)}</h2>
            <fieldset class="choices choices-inline">
                <legend>{tr(S::ChartPeriod)}</legend>
                {PERIODS.map(|period| view! {
                    <label class="choice">
                        <input type="radio" name="chart-period" prop:checked=move || days.get() == period
                            on:change=move |_| days.set(period)/>
                        {move || S::DaysCount.fill(lang.get(), &[("days", &period)])}
                    </label>
                })}
            </fieldset>
            // Drawn again in the language chosen, too.
            {move || { lang.track(); series.get() }.map(|s| view! {
                <WeeklyChart series=s.clone()/>
                {s.readings.iter().map(|(kind, points)| view! { <ReadingChart series=s.clone() kind=*kind points=points.clone()/> }).collect_view()}
                <MoodChart series=s.clone()/>
                <GoalsMarked series=s/>
            })}
        </section>
    }
}

/// The lines and numbers behind every chart: the value axis' ticks, the first and last date, the goals' marks.
fn frame(lang: Lang, series: &Series, ticks: Vec<(f64, String)>) -> impl IntoView {
    let axis = series.axis;
    let grid = ticks
        .into_iter()
        .map(|(at, label)| {
            let y = y(at);
            view! {
                <line stroke="currentColor" stroke-opacity="0.3" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y/>
                <text fill="currentColor" font-size="12" x=LEFT - 4.0 y=y + 4.0 text-anchor="end">{label}</text>
            }
        })
        .collect_view();
    let dates = [(axis.from, "start"), (axis.to, "end")].map(|(at, anchor)| {
        let label = day(lang, at);
        view! { <text fill="currentColor" font-size="12" x=axis.x(at) y=HEIGHT - 6.0 text-anchor=anchor>{label}</text> }
    });
    let goals = series
        .goals
        .iter()
        .map(|(number, since, _)| {
            let x = axis.x_of_date(*since);
            view! {
                <line stroke="currentColor" stroke-dasharray="2 3" x1=x x2=x y1=TOP y2=HEIGHT - BOTTOM/>
                <text fill="currentColor" font-size="12" font-weight="600" x=x + 3.0 y=TOP + 10.0>{format!("★{number}")}</text>
            }
        })
        .collect_view();
    view! { {grid}{dates}{goals} }
}

fn percent(share: Option<f64>, lang: Lang) -> String {
    share.map_or_else(
        || S::NoDosesDue.get(lang).to_owned(),
        |s| format!("{:.0}%", s * 100.0),
    )
}

#[component]
fn WeeklyChart(series: Series) -> impl IntoView {
    let lang = use_lang();
    let axis = series.axis;
    let bars = series
        .weeks
        .iter()
        .filter(|w| w.counts.expected > 0)
        .map(|w| {
            let start = axis.x_of_date(w.monday).max(LEFT);
            let end = axis.x_of_date(w.monday + Duration::days(7)).min(WIDTH - RIGHT);
            let width = (end - start - 1.0).max(1.0);
            let (taken, on_time) = (w.counts.taking().unwrap_or(0.0), w.counts.timing().unwrap_or(0.0));
            view! {
                <rect fill="currentColor" fill-opacity="0.5" x=start y=y(taken) width=width height=y(0.0) - y(taken)/>
                <rect fill="url(#chart-hatch)" x=start y=y(on_time) width=width height=y(0.0) - y(on_time)/>
            }
        })
        .collect_view();
    let rows = series
        .weeks
        .iter()
        .map(|w| {
            let (taking, timing) = (percent(w.counts.taking(), lang.get()), percent(w.counts.timing(), lang.get()));
            view! { <tr><th scope="row">{format_short_date(lang.get(), w.monday)}</th><td>{taking}</td><td>{timing}</td></tr> }
        })
        .collect_view();
    let desc = S::ChartWeeklyDesc.fill(
        lang.get(),
        &[
            ("from", &day(lang.get(), axis.from)),
            ("to", &day(lang.get(), axis.to)),
        ],
    );
    let ticks = [0.0, 0.5, 1.0]
        .map(|t| (t, format!("{:.0}%", t * 100.0)))
        .to_vec();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby="chart-weekly-title" aria-describedby="chart-weekly-desc">
                <title id="chart-weekly-title">{tr(S::ChartWeekly)}</title>
                <desc id="chart-weekly-desc">{desc}</desc>
                <defs>
                    <pattern id="chart-hatch" patternUnits="userSpaceOnUse" width="5" height="5">
                        <path stroke="currentColor" stroke-width="1.6" d="M0 5L5 0M-1 1L1 -1M4 6L6 4"/>
                    </pattern>
                </defs>
                {frame(lang.get(), &series, ticks)}
                {bars}
            </svg>
            <figcaption>
                <strong>{tr(S::ChartWeekly)}</strong>
                <span>
                    <svg viewBox="0 0 12 12" aria-hidden="true"><rect fill="currentColor" fill-opacity="0.5" width="12" height="12"/></svg>
                    {tr(S::LegendTaken)}
                    <svg viewBox="0 0 12 12" aria-hidden="true"><rect fill="currentColor" fill-opacity="0.5" width="12" height="12"/><rect fill="url(#chart-hatch)" width="12" height="12"/></svg>
                    {tr(S::LegendOnTime)}
                </span>
            </figcaption>
            {data_table(S::ChartWeekly.get(lang.get()), vec![S::WeekOf.get(lang.get()), S::LegendTaken.get(lang.get()), S::LegendOnTime.get(lang.get())], rows)}
        </figure>
    }
}

/// The polyline through `points` and a marker at each: circles for the main number, squares for the second.
fn line(axis: &TimeAxis, values: &Axis, points: &[(DateTime<Utc>, f64)], square: bool) -> impl IntoView {
    let placed: Vec<(f64, f64)> = points
        .iter()
        .map(|(at, v)| (axis.x(*at), y(values.place(*v))))
        .collect();
    let path: Vec<String> = placed.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let dashes = if square { "5 3" } else { "none" };
    let markers = placed
        .into_iter()
        .map(|(x, y)| {
            if square {
                view! { <rect fill="currentColor" x=x - 3.0 y=y - 3.0 width="6" height="6"/> }.into_any()
            } else {
                view! { <circle fill="currentColor" cx=x cy=y r="3.2"/> }.into_any()
            }
        })
        .collect_view();
    view! { <polyline fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray=dashes points=path.join(" ")/>{markers} }
}

fn value_ticks(lang: Lang, values: &Axis) -> Vec<(f64, String)> {
    values
        .ticks()
        .into_iter()
        .map(|t| (values.place(t), number_text(lang, t)))
        .collect()
}

/// One kind of measurement over the period: a blood pressure's two numbers as two lines.
#[component]
fn ReadingChart(series: Series, kind: MeasureKind, points: Vec<Point>) -> impl IntoView {
    let lang = use_lang();
    let lang_now = lang.get();
    let all = points
        .iter()
        .flat_map(|(_, main, second)| std::iter::once(*main).chain(*second));
    let Some(values) = Axis::covering(all, 4) else {
        return ().into_any();
    };
    let main: Vec<_> = points.iter().map(|(at, v, _)| (*at, *v)).collect();
    let second: Vec<_> = points
        .iter()
        .filter_map(|(at, _, s)| Some((*at, (*s)?)))
        .collect();
    let name = kind_name(kind).get(lang_now);
    let id = format!("chart-{}", kind.code());
    let (low, high) = main
        .iter()
        .chain(&second)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    let desc = S::ChartReadingsDesc.fill(
        lang_now,
        &[
            ("kind", &name),
            ("count", &points.len()),
            ("low", &number_text(lang_now, low)),
            ("high", &number_text(lang_now, high)),
            ("from", &day(lang_now, series.axis.from)),
            ("to", &day(lang_now, series.axis.to)),
        ],
    );
    let two = kind == MeasureKind::BloodPressure;
    let rows = points
        .iter()
        .map(|(at, main, second)| {
            let when = day(lang_now, *at);
            let second = second.map(|s| view! { <td>{number_text(lang_now, s)}</td> });
            view! { <tr><th scope="row">{when}</th><td>{number_text(lang_now, *main)}</td>{second}</tr> }
        })
        .collect_view();
    let columns = if two {
        vec![S::Systolic, S::Diastolic]
    } else {
        vec![kind_name(kind)]
    };
    let mut heads = vec![S::ChartWhen.get(lang_now)];
    heads.extend(columns.into_iter().map(|c| c.get(lang_now)));
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=format!("{id}-title") aria-describedby=format!("{id}-desc")>
                <title id=format!("{id}-title")>{name.to_owned()}</title>
                <desc id=format!("{id}-desc")>{desc}</desc>
                {frame(lang_now, &series, value_ticks(lang_now, &values))}
                {line(&series.axis, &values, &main, false)}
                {two.then(|| line(&series.axis, &values, &second, true))}
            </svg>
            <figcaption>
                <strong>{name.to_owned()}</strong>
                {two.then(|| view! {
                    <span>
                        <svg viewBox="0 0 12 12" aria-hidden="true"><circle fill="currentColor" cx="6" cy="6" r="4"/></svg>
                        {tr(S::Systolic)}
                        <svg viewBox="0 0 12 12" aria-hidden="true"><rect fill="currentColor" x="2" y="2" width="8" height="8"/></svg>
                        {tr(S::Diastolic)}
                    </span>
                })}
            </figcaption>
            {data_table(name, heads, rows)}
        </figure>
    }
    .into_any()
}

/// The moods given in check-ins, 1 (very low) to 5 (very good).
#[component]
fn MoodChart(series: Series) -> impl IntoView {
    let lang = use_lang().get();
    if series.moods.is_empty() {
        return ().into_any();
    }
    let values = Axis {
        low: 1.0,
        high: 5.0,
        step: 1.0,
    };
    let points: Vec<_> = series
        .moods
        .iter()
        .map(|(at, mood)| (*at, f64::from(*mood)))
        .collect();
    let desc = S::ChartMoodDesc.fill(
        lang,
        &[
            ("count", &points.len()),
            ("from", &day(lang, series.axis.from)),
            ("to", &day(lang, series.axis.to)),
        ],
    );
    let rows = series
        .moods
        .iter()
        .map(|(at, mood)| view! { <tr><th scope="row">{day(lang, *at)}</th><td>{*mood}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby="chart-mood-title" aria-describedby="chart-mood-desc">
                <title id="chart-mood-title">{tr(S::ChartMood)}</title>
                <desc id="chart-mood-desc">{desc}</desc>
                {frame(lang, &series, value_ticks(lang, &values))}
                {line(&series.axis, &values, &points, false)}
            </svg>
            <figcaption><strong>{tr(S::ChartMood)}</strong></figcaption>
            {data_table(S::ChartMood.get(lang), vec![S::ChartWhen.get(lang), S::ChartMoodColumn.get(lang)], rows)}
        </figure>
    }
    .into_any()
}

/// A chart's numbers as a table, behind "Show as a table".
fn data_table(caption: &'static str, heads: Vec<&'static str>, rows: impl IntoView) -> impl IntoView {
    view! {
        <details class="advanced">
            <summary>{tr(S::ShowAsTable)}</summary>
            <table class="figures">
                <caption>{caption}</caption>
                <thead><tr>{heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

/// What the stars on the charts mark: the goals set in the period, with their dates.
#[component]
fn GoalsMarked(series: Series) -> impl IntoView {
    let lang = use_lang().get();
    (!series.goals.is_empty()).then(|| {
        let goals = series
            .goals
            .into_iter()
            .map(|(number, since, text)| view! { <li>{format!("★{number} {} · {text}", format_short_date(lang, since))}</li> })
            .collect_view();
        view! {
            <h3>{tr(S::GoalsMarked)}</h3>
            <ul class="goal-list">{goals}</ul>
        }
    })
}

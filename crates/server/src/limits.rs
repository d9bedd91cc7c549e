//! Rate limits: every API request counts against its address, and an authenticated one also against its device.
//! Over the limit the answer is 429 with `Retry-After`. The counts live in each process: with several processes
//! behind a load balancer a client gets at most that many times the rate, which is what the limits are for
//! (keeping one client from swamping a server), and nothing is lost when a process restarts.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// Requests per second, and how many may come at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub per_second: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Rate {
    pub const fn new(per_second: u32, burst: u32) -> Rate {
        match (NonZeroU32::new(per_second), NonZeroU32::new(burst)) {
            (Some(per_second), Some(burst)) => Rate { per_second, burst },
            _ => panic!("a rate is above zero"),
        }
    }

    /// `PER_SECOND/BURST`, as an option gives it.
    pub fn parse(text: &str) -> Option<Rate> {
        let (per_second, burst) = text.split_once('/')?;
        Some(Rate {
            per_second: per_second.parse().ok()?,
            burst: burst.parse().ok()?,
        })
    }

    fn quota(self) -> Quota {
        Quota::per_second(self.per_second).allow_burst(self.burst)
    }
}

/// A device syncing normally sends a few requests a minute; a first sync of years pulls a page at a time.
pub const DEVICE_RATE: Rate = Rate::new(20, 60);
/// Many devices can share an address (a household's router, a care home).
pub const ADDRESS_RATE: Rate = Rate::new(100, 300);

/// Community stories an address may submit: a few an hour, so that one client cannot flood the moderators.
pub const STORIES_PER_HOUR: u32 = 10;

#[derive(Clone)]
pub struct Limits {
    devices: Arc<DefaultKeyedRateLimiter<[u8; 16]>>,
    addresses: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    submissions: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl Limits {
    pub fn new(device: Rate, address: Rate) -> Limits {
        let limits = Limits {
            devices: Arc::new(DefaultKeyedRateLimiter::keyed(device.quota())),
            addresses: Arc::new(DefaultKeyedRateLimiter::keyed(address.quota())),
            submissions: Arc::new(DefaultKeyedRateLimiter::keyed(Quota::per_hour(
                NonZeroU32::new(STORIES_PER_HOUR).expect("above zero"),
            ))),
        };
        let pruned = limits.clone();
        // Forget quiet clients, so the counts stay as small as the clients of the last minute.
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                pruned.devices.retain_recent();
                pruned.addresses.retain_recent();
                pruned.submissions.retain_recent();
            }
        });
        limits
    }

    /// `Err(seconds to wait)` when the address is over its rate.
    pub fn address(&self, address: IpAddr) -> Result<(), u64> {
        wait(self.addresses.check_key(&address))
    }

    /// `Err(seconds to wait)` when the address has submitted its stories for the hour.
    pub fn submission(&self, address: IpAddr) -> Result<(), u64> {
        wait(self.submissions.check_key(&address))
    }

    pub fn device(&self, device: &[u8; 16]) -> Result<(), u64> {
        wait(self.devices.check_key(device))
    }
}

fn wait<T>(outcome: Result<T, governor::NotUntil<<DefaultClock as Clock>::Instant>>) -> Result<(), u64> {
    outcome.map(|_| ()).map_err(|until| {
        let wait = until.wait_time_from(DefaultClock::default().now());
        wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
    })
}

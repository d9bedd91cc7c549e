//! Hybrid logical clock: stamps that follow wall time but stay strictly increasing on one node and respect
//! causality across nodes, even when a device's clock jumps backwards.

use serde::{Deserialize, Serialize};

/// One stamp. Ordered by wall time, then counter, then node, so every stamp is unique and totally ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u32,
    pub node: u64,
}

/// The clock of one node (one installed app).
#[derive(Clone, Debug)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    pub fn new(node: u64) -> Self {
        HlcClock {
            last: Hlc {
                wall_ms: 0,
                counter: 0,
                node,
            },
        }
    }

    /// Resumes a clock from the newest stamp this node has stored, so a restart never reuses a stamp.
    pub fn resume(node: u64, newest_seen: Hlc) -> Self {
        HlcClock {
            last: Hlc { node, ..newest_seen },
        }
    }

    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A stamp for a local event at physical time `now_ms`.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        self.advance(now_ms, None)
    }

    /// Merges a stamp received from another node, returning a stamp later than both.
    pub fn observe(&mut self, remote: Hlc, now_ms: u64) -> Hlc {
        self.advance(now_ms, Some(remote))
    }

    fn advance(&mut self, now_ms: u64, remote: Option<Hlc>) -> Hlc {
        let remote_wall = remote.map_or(0, |r| r.wall_ms);
        let wall = now_ms.max(self.last.wall_ms).max(remote_wall);
        let counter = match remote {
            Some(r) if wall == self.last.wall_ms && wall == r.wall_ms => {
                self.last.counter.max(r.counter).checked_add(1)
            }
            Some(r) if wall == r.wall_ms && wall > self.last.wall_ms => r.counter.checked_add(1),
            _ if wall == self.last.wall_ms => self.last.counter.checked_add(1),
            _ => Some(0),
        };
        // A counter at its maximum (only a stamp read from a file can get there) moves on to the next ms.
        self.last = match counter {
            Some(counter) => Hlc {
                wall_ms: wall,
                counter,
                node: self.last.node,
            },
            None => Hlc {
                wall_ms: wall.saturating_add(1),
                counter: 0,
                node: self.last.node,
            },
        };
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn survives_a_clock_going_backwards() {
        let mut clock = HlcClock::new(1);
        let a = clock.tick(10_000);
        let b = clock.tick(5_000);
        assert!(b > a);
        assert_eq!(b.wall_ms, 10_000);
        assert_eq!(b.counter, 1);
        let c = clock.tick(20_000);
        assert_eq!((c.wall_ms, c.counter), (20_000, 0));
    }

    #[test]
    fn observing_a_remote_stamp_moves_past_it() {
        let mut clock = HlcClock::new(1);
        clock.tick(1_000);
        let remote = Hlc {
            wall_ms: 9_000,
            counter: 4,
            node: 2,
        };
        let merged = clock.observe(remote, 2_000);
        assert!(merged > remote);
        assert_eq!((merged.wall_ms, merged.counter), (9_000, 5));
    }

    #[test]
    fn resume_continues_after_the_newest_stored_stamp() {
        let stored = Hlc {
            wall_ms: 50,
            counter: 3,
            node: 7,
        };
        let mut clock = HlcClock::resume(7, stored);
        assert!(clock.tick(10) > stored);
    }

    #[test]
    fn a_counter_at_its_maximum_moves_on_to_the_next_millisecond() {
        let full = Hlc {
            wall_ms: 50,
            counter: u32::MAX,
            node: 2,
        };
        let mut clock = HlcClock::resume(7, full);
        let next = clock.tick(10);
        assert!(next > full);
        assert_eq!((next.wall_ms, next.counter), (51, 0));
        let merged = HlcClock::new(1).observe(full, 50);
        assert!(merged > full);
    }

    proptest! {
        #[test]
        fn stamps_are_strictly_increasing(
            steps in prop::collection::vec((0u64..1_000_000, prop::option::of((0u64..1_000_000, 0u32..50, 0u64..4))), 1..200)
        ) {
            let mut clock = HlcClock::new(9);
            let mut previous = clock.last();
            for (now, remote) in steps {
                let stamp = match remote {
                    Some((wall_ms, counter, node)) => {
                        let remote = Hlc { wall_ms, counter, node };
                        let stamp = clock.observe(remote, now);
                        prop_assert!(stamp > remote);
                        stamp
                    }
                    None => clock.tick(now),
                };
                prop_assert!(stamp > previous);
                prop_assert!(stamp.wall_ms >= now);
                previous = stamp;
            }
        }
    }
}

//! Hash maps with a fast, well-distributed hasher (foldhash, as hashbrown uses): the core's maps are keyed by
//! ids and slots that it made itself, so denial-of-service resistant hashing buys nothing and costs a lot.

pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

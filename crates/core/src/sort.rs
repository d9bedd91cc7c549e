//! One sorting routine for the whole program.
//!
//! Every `sort_by_key` on a new element type is a new copy of the standard library's sort, about 3 KB of wasm
//! each, and the app's first load had ten of them. These functions sort a list of indices through one
//! comparator that is not generic, so the program holds a single copy; then they move the items into place.
//! Sorting is stable, and the key is computed for each comparison, so it should be cheap (a copy of a field).

use std::cmp::Ordering;

/// Sorts `items` by `key`, keeping items with equal keys in their order (like `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let order = sorted_indices(items.len(), &|a, b| key(&items[a]).cmp(&key(&items[b])));
    permute(items, order);
}

/// Sorts `items` in their natural order (like `slice::sort`).
pub fn sort<T: Ord>(items: &mut [T]) {
    let order = sorted_indices(items.len(), &|a, b| items[a].cmp(&items[b]));
    permute(items, order);
}

/// The indices `0..len` ordered by `compare`, ties broken by index, so the order is stable.
pub(crate) fn sorted_indices(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    order
}

/// Rearranges `items` so that position `i` holds the item that was at `order[i]`, by following each cycle of
/// the permutation with swaps (no item is cloned).
fn permute<T>(items: &mut [T], order: Vec<usize>) {
    permute_by(order, &mut |a, b| items.swap(a, b));
}

/// [`permute`] through `swap`, for lists that are not a slice.
pub(crate) fn permute_by(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(items in prop::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            sort_by_key(&mut ours, |&(key, _)| key);
            let mut std = items.clone();
            std.sort_by_key(|&(key, _)| key);
            prop_assert_eq!(&ours, &std);

            let mut ours = items.clone();
            sort(&mut ours);
            let mut std = items;
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn moves_items_that_cannot_be_copied() {
        let mut words: Vec<String> = ["pear", "fig", "apple", "kiwi"].map(String::from).into();
        sort_by_key(&mut words, |w| w.len());
        assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
    }
}

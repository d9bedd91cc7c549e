//! Reading ease. English: the Flesch-Kincaid grade level. Spanish: the Szigriszt-Pazos perspicuity score (Flesch
//! recalibrated for Spanish; on the INFLESZ scale 65 to 80 is "fairly easy", what primary-school readers manage,
//! 55 to 65 "normal"). Syllables are counted by rule, as the usual readability tools do: close enough to tell a
//! grade 6 text from a grade 11 one.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

/// Sentences end at `.`, `!`, `?` or the end of a block (a heading or list item is one sentence).
pub fn count(text: &str, lang: &str) -> Counts {
    let mut counts = Counts {
        words: 0,
        sentences: 0,
        syllables: 0,
    };
    for sentence in text.split(['.', '!', '?', '\n']) {
        let words: Vec<&str> = sentence
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        if words.is_empty() {
            continue;
        }
        counts.sentences += 1;
        counts.words += words.len();
        counts.syllables += words
            .iter()
            .map(|w| {
                if lang == "es" {
                    syllables_es(w)
                } else {
                    syllables_en(w)
                }
            })
            .sum::<usize>();
    }
    counts
}

pub fn flesch_kincaid_grade(c: Counts) -> f64 {
    if c.words == 0 {
        return 0.0;
    }
    0.39 * c.words as f64 / c.sentences as f64 + 11.8 * c.syllables as f64 / c.words as f64 - 15.59
}

pub fn szigriszt_pazos(c: Counts) -> f64 {
    if c.words == 0 {
        return 100.0;
    }
    206.835 - 62.3 * c.syllables as f64 / c.words as f64 - c.words as f64 / c.sentences as f64
}

/// Vowel groups, less a silent final "e" or "es"/"ed" ending ("takes", "missed"), at least one.
fn syllables_en(word: &str) -> usize {
    let mut w: String = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    if w.len() <= 3 {
        return 1;
    }
    for ending in ["es", "ed", "e"] {
        if let Some(stem) = w.strip_suffix(ending) {
            let before = stem.chars().last().unwrap_or('a');
            let keeps_sound = (ending == "e" && before == 'l')
                || (ending == "ed" && matches!(before, 't' | 'd'))
                || (ending == "es" && matches!(before, 's' | 'x' | 'z' | 'h'));
            if !keeps_sound && !"aeiouy".contains(before) {
                w.truncate(stem.len());
            }
            break;
        }
    }
    let w = w.strip_prefix('y').unwrap_or(&w);
    vowel_groups(w, |c| "aeiouy".contains(c)).max(1)
}

/// Spanish: one syllable per vowel nucleus; an unstressed i or u beside another vowel forms a diphthong, two
/// strong vowels (a, e, o, or a stressed í, ú) are a hiatus.
fn syllables_es(word: &str) -> usize {
    let strong = |c: char| "aeoáéóíú".contains(c);
    let weak = |c: char| "iuü".contains(c);
    let mut count = 0;
    let mut previous: Option<char> = None;
    for c in word.to_lowercase().chars() {
        let vowel = strong(c) || weak(c);
        if vowel {
            let joins = previous.is_some_and(|p| (strong(p) || weak(p)) && !(strong(p) && strong(c)));
            if !joins {
                count += 1;
            }
        }
        previous = Some(c);
    }
    count.max(1)
}

fn vowel_groups(word: &str, is_vowel: impl Fn(char) -> bool) -> usize {
    let mut groups = 0;
    let mut in_group = false;
    for c in word.chars() {
        let v = is_vowel(c);
        if v && !in_group {
            groups += 1;
        }
        in_group = v;
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_syllables_by_rule() {
        for (word, n) in [
            ("take", 1),
            ("takes", 1),
            ("missed", 1),
            ("needed", 2),
            ("medicine", 3),
            ("pressure", 2),
            ("table", 2),
            ("cholesterol", 4),
            ("every", 3),
            ("you", 1),
        ] {
            assert_eq!(syllables_en(word), n, "{word}");
        }
    }

    #[test]
    fn spanish_syllables_by_rule() {
        for (word, n) in [
            ("medicina", 4),
            ("presión", 2),
            ("día", 2),
            ("cuidado", 3),
            ("leer", 2),
            ("farmacéutico", 5),
        ] {
            assert_eq!(syllables_es(word), n, "{word}");
        }
    }

    #[test]
    fn plain_text_scores_easy_and_dense_text_hard() {
        let plain =
            "Take your pills each day. They keep your heart safe. Ask your pharmacist if you miss one.";
        let dense = "Pharmacological antihypertensive interventions substantially ameliorate cardiovascular morbidity, \
                     particularly amongst individuals demonstrating inadequate therapeutic adherence characteristics.";
        assert!(flesch_kincaid_grade(count(plain, "en")) < 5.0);
        assert!(flesch_kincaid_grade(count(dense, "en")) > 14.0);
        let facil =
            "Tome sus pastillas cada día. Ayudan a su corazón. Pregunte a su farmacéutico si olvida una.";
        assert!(szigriszt_pazos(count(facil, "es")) > 65.0);
        let denso = "La adherencia terapéutica constituye un determinante fundamental de la efectividad farmacológica en enfermedades crónicas cardiovasculares.";
        assert!(szigriszt_pazos(count(denso, "es")) < 40.0);
    }

    #[test]
    fn blocks_end_sentences() {
        let c = count("Why it matters\nYou feel better. Really!\n", "en");
        assert_eq!((c.sentences, c.words), (3, 7));
    }
}

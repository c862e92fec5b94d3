//! Shell-style wildcard matching for `--name` (`*` any run of characters,
//! `?` any one character; everything else literal).

pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    // Where the last '*' was seen in the pattern, and the text position it
    // is currently assumed to have swallowed up to: on a mismatch, let that
    // star swallow one more character and retry (linear backtracking).
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some('?') => {
                p += 1;
                t += 1;
            }
            Some(&c) if c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    #[test]
    fn wildcards() {
        assert!(glob_matches("qemu-*", "qemu-aarch64"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("crossrun-test-*-p", "crossrun-test-12-a-p"));
        assert!(glob_matches("qemu-arm??", "qemu-armeb"));
        assert!(!glob_matches("qemu-arm?", "qemu-arm"));
        assert!(!glob_matches("qemu-*", "crossrun-aarch64"));
        assert!(glob_matches("exact", "exact"));
        assert!(!glob_matches("exact", "exactly"));
        assert!(glob_matches("a*b*c", "aXbYbZc"));
        assert!(!glob_matches("a*b*c", "aXbYbZ"));
    }
}

//! `crossrun generate-docs DIR`: the man pages and shell completions a package installs,
//! generated from the command line's own definition: crossrun.1 from the option table
//! and its help text (options.rs), crossrun-binfmt.1 from the clap definition of the
//! binfmt subcommand (clap_mangen), and bash, zsh and fish completions listing the
//! table's options and the subcommands.

use crate::options;
use std::fmt::Write as _;
use std::path::Path;

/// Writes man/crossrun.1, man/crossrun-binfmt.1 and completions/{crossrun.bash,
/// _crossrun, crossrun.fish} under `dir`.
pub fn generate(dir: &Path, binfmt: clap::Command) -> Result<(), String> {
    let write = |rel: &str, text: &[u8]| -> Result<(), String> {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file in a directory")).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write("man/crossrun.1", man_page().as_bytes())?;
    let mut binfmt_page = Vec::new();
    clap_mangen::Man::new(binfmt.name("crossrun-binfmt")).render(&mut binfmt_page).map_err(|e| e.to_string())?;
    write("man/crossrun-binfmt.1", &binfmt_page)?;
    let words = completion_words();
    write("completions/crossrun.bash", bash(&words).as_bytes())?;
    write("completions/_crossrun", zsh(&words).as_bytes())?;
    write("completions/crossrun.fish", fish(&words).as_bytes())?;
    Ok(())
}

/// roff-escapes a line of the help text.
fn roff(text: &str) -> String {
    let t = text.replace('\\', "\\\\").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}

/// The help text's layout: an option line starts with two spaces and a dash, its
/// description starts at column 23 and may continue on lines indented that far; an
/// environment variable in brackets ends the first line.
const DESCRIPTION_COLUMN: usize = 23;

pub fn man_page() -> String {
    let mut out = String::new();
    let _ = writeln!(out, ".TH CROSSRUN 1 \"\" \"crossrun {}\" \"User Commands\"", env!("CARGO_PKG_VERSION"));
    out.push_str(".SH NAME\ncrossrun \\- run Linux programs built for another CPU\n.SH SYNOPSIS\n");
    out.push_str(".B crossrun\n[\\fIOPTIONS\\fR] \\fIPROGRAM\\fR [\\fIARGUMENTS\\fR...]\n.br\n");
    out.push_str(".B crossrun binfmt\n\\fICOMMAND\\fR ... (see \\fBcrossrun\\-binfmt\\fR(1))\n.br\n");
    out.push_str(".B crossrun rootfs\nshell|create ...\n");
    let help = options::help();
    let mut lines = help.lines().skip_while(|l| !l.is_empty()).skip(1).peekable();
    out.push_str(".SH DESCRIPTION\n");
    while let Some(l) = lines.next_if(|l| !l.ends_with(':')) {
        if !l.is_empty() {
            let _ = writeln!(out, "{}", roff(l));
        }
    }
    // An option's environment variable is named after its whole description.
    let mut pending_env: Option<&str> = None;
    for l in lines {
        let continuation = l.len() > DESCRIPTION_COLUMN && l[..DESCRIPTION_COLUMN].trim().is_empty();
        if !continuation {
            if let Some(env) = pending_env.take() {
                let _ = writeln!(out, "(environment: \\fB{}\\fR)", roff(env));
            }
        }
        if l.ends_with(':') && !l.starts_with(' ') {
            let title = l[..l.len() - 1].split(" (").next().unwrap_or_default();
            let _ = writeln!(out, ".SH {}", roff(&title.to_uppercase()));
        } else if l.starts_with("  -") {
            let (names, rest) = l.split_at(DESCRIPTION_COLUMN.min(l.len()));
            let (text, env) = match rest.trim_end().rsplit_once(" [") {
                Some((t, e)) if e.ends_with(']') => (t.trim_end(), Some(&e[..e.len() - 1])),
                _ => (rest.trim_end(), None),
            };
            let _ = writeln!(out, ".TP\n.B {}\n{}", roff(names.trim()), roff(text));
            pending_env = env;
        } else if continuation {
            let _ = writeln!(out, "{}", roff(l.trim()));
        } else if !l.trim().is_empty() {
            let _ = writeln!(out, ".PP\n{}", roff(l.trim()));
        }
    }
    if let Some(env) = pending_env {
        let _ = writeln!(out, "(environment: \\fB{}\\fR)", roff(env));
    }
    out.push_str(".SH ENVIRONMENT\nEvery option with an environment variable may be given by that variable instead; options on the command line win.\n");
    for (names, env) in options::option_names() {
        if let Some(env) = env {
            let _ = writeln!(out, ".TP\n.B {}\nas \\fB\\-{}\\fR", roff(env), roff(names[0]));
        }
    }
    out.push_str(".SH SEE ALSO\n\\fBcrossrun\\-binfmt\\fR(1), \\fBqemu\\-aarch64\\fR(1), \\fBgdb\\fR(1), \\fBperf\\fR(1)\n");
    out
}

/// Options as they are typed (`-L`, `-strace`, `--rootfs`), then the subcommands.
fn completion_words() -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for (names, _) in options::option_names() {
        for n in names {
            words.push(format!("-{n}"));
            if n.len() > 1 {
                words.push(format!("--{n}"));
            }
        }
    }
    words.extend(["binfmt", "rootfs"].map(String::from));
    words
}

fn bash(words: &[String]) -> String {
    format!(
        "# bash completion for crossrun (generated by `crossrun generate-docs`)\n\
         _crossrun() {{\n    local cur=${{COMP_WORDS[COMP_CWORD]}}\n    if [[ $cur == -* || $COMP_CWORD -eq 1 ]]; then\n        \
         COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))\n    else\n        COMPREPLY=($(compgen -f -- \"$cur\"))\n    fi\n}}\n\
         complete -o filenames -F _crossrun crossrun\n",
        words.join(" ")
    )
}

fn zsh(words: &[String]) -> String {
    format!(
        "#compdef crossrun\n# zsh completion for crossrun (generated by `crossrun generate-docs`)\n\
         _arguments '1: :({} _files)' '*:file:_files'\n",
        words.join(" ")
    )
}

fn fish(words: &[String]) -> String {
    let mut out = String::from("# fish completion for crossrun (generated by `crossrun generate-docs`)\n");
    for w in words {
        let _ = match w.strip_prefix("--") {
            Some(long) => writeln!(out, "complete -c crossrun -l {long}"),
            None => match w.strip_prefix('-') {
                Some(old) => writeln!(out, "complete -c crossrun -o {old}"),
                None => writeln!(out, "complete -c crossrun -n '__fish_use_subcommand' -a {w}"),
            },
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_of_the_table_is_in_the_man_page() {
        let page = man_page();
        for (names, env) in options::option_names() {
            // Internal options (how a guest's execve passes state on) are not documented.
            if ["root-id-creds", "log-append"].contains(&names[0]) {
                continue;
            }
            let documented = names.iter().any(|n| page.contains(&format!(".B \\-{}", roff(n))) || page.contains(&format!(".B \\-\\-{}", roff(n))) || page.contains(&format!(", \\-{}", roff(n))));
            assert!(documented, "-{} is not in the man page", names[0]);
            if let Some(env) = env {
                assert!(page.contains(&roff(env)), "{env}");
            }
        }
        assert!(page.contains(".SH OPTIONS"));
    }
}

//! Built-in templates, embedded from `plans/` so vmo needs no files at run time.

/// A template shipped inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// Name used with `--template`.
    pub name: &'static str,
    /// The TOML source, exactly as in `plans/`.
    pub source: &'static str,
}

/// Every built-in template, in the order `vmo templates` lists them.
pub const BUILTINS: [Builtin; 3] = [
    Builtin {
        name: "knee-friendly",
        source: include_str!("../../plans/knee-friendly.toml"),
    },
    Builtin {
        name: "foundation",
        source: include_str!("../../plans/foundation.toml"),
    },
    Builtin {
        name: "athlete",
        source: include_str!("../../plans/athlete.toml"),
    },
];

/// The template used when none is given.
pub const DEFAULT_TEMPLATE: &str = "foundation";

/// The built-in called `name`, if any.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// Names of all built-ins, comma-separated, for error messages.
pub fn builtin_names() -> String {
    BUILTINS
        .iter()
        .map(|b| b.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `; did you mean `foundation`?` when `name` is a near miss of a built-in, else empty.
pub fn did_you_mean_builtin(name: &str) -> String {
    let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
    super::nearest(name, &names)
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_and_its_name_matches() {
        for b in BUILTINS {
            let t = super::super::parse(&format!("builtin:{}", b.name), b.source)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(t.name, b.name);
        }
        assert!(builtin(DEFAULT_TEMPLATE).is_some());
    }
}

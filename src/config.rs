//! The profile file (`~/.config/vmo/config.toml`, or `--config` / `VMO_CONFIG`) and the
//! resolution of flags + environment + profile + defaults into plain settings.
//!
//! Precedence is flag > environment (both via clap) > profile file > default.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Deserialize;
use toml::de::DeTable;

use crate::equipment::{Equipment, parse_plates, parse_weight_list};
use crate::exit::input_error;
use crate::strength::TestSet;
use crate::template::{Variant, line_col, nearest};
use crate::units::{Unit, parse_bodyweight, parse_one_rep_max, parse_weight};
use crate::visible::quoted;

/// Largest profile accepted, in bytes; a real one is a dozen lines.
pub const MAX_PROFILE_BYTES: usize = 64 * 1024;

/// Keys a profile may hold, each a setting that also exists as a flag.
pub const PROFILE_KEYS: [&str; 22] = [
    "template",
    "start",
    "weeks",
    "days",
    "units",
    "bodyweight",
    "bodyweight_ratio",
    "one_rep_max",
    "test",
    "variant",
    "dumbbells",
    "bar",
    "plates",
    "vest",
    "at",
    "db",
    "duration",
    "tz",
    "remind",
    "client",
    "rides",
    "spare_days",
];

/// Values read from a profile file; strings are parsed like the matching flags.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProfileValues {
    /// Template name or path.
    pub template: Option<String>,
    /// First day of the plan, YYYY-MM-DD.
    pub start: Option<String>,
    /// Plan length in weeks.
    pub weeks: Option<u32>,
    /// Training days, e.g. "mon,wed,fri".
    pub days: Option<String>,
    /// Display units, "kg" or "lb".
    pub units: Option<String>,
    /// Body mass, e.g. "72kg".
    pub bodyweight: Option<String>,
    /// Share of body mass counted in a bodyweight rep.
    pub bodyweight_ratio: Option<f64>,
    /// One-rep max, e.g. "80kg".
    pub one_rep_max: Option<String>,
    /// Test set, e.g. "40kg:8".
    pub test: Option<String>,
    /// Loaded variant to use.
    pub variant: Option<String>,
    /// Dumbbells owned, e.g. "2-24:2" or "5,7.5,10".
    pub dumbbells: Option<String>,
    /// Empty bar, e.g. "20kg".
    pub bar: Option<String>,
    /// Plate pairs, e.g. "20x2,10,5,2.5".
    pub plates: Option<String>,
    /// Vest settings, e.g. "2.5-20:2.5".
    pub vest: Option<String>,
    /// Time of day for calendar events, e.g. "07:00".
    pub at: Option<String>,
    /// Training log database path.
    pub db: Option<String>,
    /// Length of a timed calendar event, e.g. "45m".
    pub duration: Option<String>,
    /// IANA time zone of `at`, e.g. "Europe/Berlin".
    pub tz: Option<String>,
    /// Reminder before each calendar event, e.g. "30m".
    pub remind: Option<String>,
    /// Whose plan it is, e.g. "Ann B" (in calendar UIDs and names, CSV and JSON).
    pub client: Option<String>,
    /// The person's own training calendars: one file or feed, or a list of them.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub rides: Option<Vec<String>>,
    /// Days besides the training days a session may move to, e.g. "thu".
    pub spare_days: Option<String>,
}

/// A string or a list of strings (`rides = "a.ics"` or `rides = ["a.ics", "b.csv"]`).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Option<Vec<String>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a file or URL, or a list of them")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(vec![v.to_string()]))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(V)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(s) = seq.next_element::<String>()? {
                out.push(s);
            }
            Ok(Some(out))
        }
    }
    d.deserialize_option(V)
}

/// A loaded profile (possibly empty) and where it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// Its values.
    pub values: ProfileValues,
}

impl Profile {
    /// The profile file's name for messages (empty when there is none).
    pub fn origin(&self) -> String {
        self.path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    }

    /// Parses a profile string with the same parser as the matching flag; an error names
    /// the file, the key and the value.
    pub fn parse<T>(
        &self,
        key: &str,
        value: &Option<String>,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>> {
        value
            .as_deref()
            .map(|s| {
                parse(s).map_err(|e| {
                    input_error(format!("{}: {key} = {}: {e}", self.origin(), quoted(s)))
                })
            })
            .transpose()
    }
}

/// Where the profile lives: `--config`/`VMO_CONFIG` (given as `explicit`), else
/// `$XDG_CONFIG_HOME/vmo/config.toml`, else `$HOME/.config/vmo/config.toml`.
pub fn profile_path(
    explicit: Option<&Path>,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let base = env("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            env("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(base.join("vmo").join("config.toml"))
}

/// Reads the profile. A missing default file is an empty profile; a missing file named
/// explicitly, a malformed one or one with unknown keys is an error naming file and line.
pub fn load_profile(
    explicit: Option<&Path>,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Profile> {
    let Some(path) = profile_path(explicit, env) else {
        return Ok(Profile::default());
    };
    let Some(text) = read_profile_text(&path, explicit.is_none())? else {
        return Ok(Profile::default());
    };
    let values = parse_profile(&path.display().to_string(), &text)?;
    Ok(Profile {
        path: Some(path),
        values,
    })
}

/// The profile file's text; `None` when it does not exist and `missing_ok`. Errors name the
/// file and say why it cannot be used (unreadable, too large, not UTF-8).
pub fn read_profile_text(path: &Path, missing_ok: bool) -> Result<Option<String>> {
    let shown = path.display();
    let bytes = match crate::exit::read_limited(path, MAX_PROFILE_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && missing_ok => {
            return Ok(None);
        }
        Err(e) => {
            return Err(input_error(format!(
                "cannot read config {shown}: {}",
                crate::exit::io_reason(&e)
            )));
        }
    };
    let Some(bytes) = bytes else {
        return Err(input_error(format!(
            "config {shown} is larger than the limit of {MAX_PROFILE_BYTES} bytes (64 KiB)"
        )));
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        input_error(format!(
            "config {shown} is not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(Some(text))
}

/// Profile text as an editable document (comments and order kept), for `config set` and
/// `init --force`; invalid TOML is reported like [`parse_profile`] does.
pub fn edit_profile(origin: &str, text: &str) -> Result<toml_edit::DocumentMut> {
    text.parse::<toml_edit::DocumentMut>().map_err(|e| {
        let at = match e.span() {
            Some(s) => {
                let (l, c) = line_col(text, s.start);
                format!("{origin}:{l}:{c}")
            }
            None => origin.to_string(),
        };
        input_error(format!(
            "{at}: invalid TOML: {}",
            e.message().lines().next().unwrap_or("")
        ))
    })
}

/// Removes `key` from a profile document; comment lines above it move to what follows, so
/// no comment (such as the file's heading) goes with it. False when it was not there.
pub fn remove_profile_key(doc: &mut toml_edit::DocumentMut, key: &str) -> bool {
    let table = doc.as_table_mut();
    let Some(prefix) = table.key(key).map(|k| {
        k.leaf_decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or_default()
            .to_string()
    }) else {
        return false;
    };
    let next = table
        .iter()
        .map(|(k, _)| k.to_string())
        .skip_while(|k| k != key)
        .nth(1);
    table.remove(key);
    let comments: String = prefix
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    if comments.is_empty() {
        return true;
    }
    match next.and_then(|n| table.key_mut(&n)) {
        Some(mut k) => {
            let old = k
                .leaf_decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or_default()
                .to_string();
            k.leaf_decor_mut().set_prefix(format!("{comments}{old}"));
        }
        None => {
            let old = doc.trailing().as_str().unwrap_or_default().to_string();
            doc.set_trailing(format!("{comments}{old}"));
        }
    }
    true
}

/// Sets `key` in a profile document, keeping the comments around it.
pub fn set_profile_key(doc: &mut toml_edit::DocumentMut, key: &str, mut value: toml_edit::Value) {
    if let Some(old) = doc.get(key).and_then(|i| i.as_value()) {
        *value.decor_mut() = old.decor().clone();
    }
    doc[key] = toml_edit::Item::Value(value);
}

/// Parses profile text; `origin` names it in errors.
pub fn parse_profile(origin: &str, text: &str) -> Result<ProfileValues> {
    let at = |span: Option<std::ops::Range<usize>>| match span {
        Some(s) => {
            let (l, c) = line_col(text, s.start);
            format!("{origin}:{l}:{c}")
        }
        None => origin.to_string(),
    };
    let doc = DeTable::parse(text).map_err(|e| {
        input_error(format!(
            "{}: invalid TOML: {}",
            at(e.span()),
            e.message().lines().next().unwrap_or("")
        ))
    })?;
    for (key, _) in doc.get_ref() {
        let k: &str = key.get_ref();
        if !PROFILE_KEYS.contains(&k) {
            return Err(input_error(format!(
                "{}: {}",
                at(Some(key.span())),
                unknown_key(k)
            )));
        }
    }
    toml::from_str(text).map_err(|e: toml::de::Error| {
        input_error(format!(
            "{}: {}",
            at(e.span()),
            crate::template::friendly_serde(
                e.message()
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('.')
            )
        ))
    })
}

/// "unknown key `k`; did you mean `x`? (allowed: ...)", for a key not in [`PROFILE_KEYS`].
pub fn unknown_key(k: &str) -> String {
    let hint = nearest(k, &PROFILE_KEYS)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    format!(
        "unknown key `{}`{hint} (allowed: {})",
        crate::visible::clipped(k),
        PROFILE_KEYS.join(", ")
    )
}

/// The TOML value `vmo config set KEY RAW` writes: a string, unless [`ProfileValues`]
/// holds `key` as a number. The kind is asked of [`ProfileValues`] itself, so a key added
/// there needs nothing here. Ranges and formats are checked later, by the profile's parsers.
pub fn profile_value(key: &str, raw: &str) -> Result<toml_edit::Value, String> {
    let accepts =
        |literal: &str| toml::from_str::<ProfileValues>(&format!("{key} = {literal}")).is_ok();
    // A float field also takes `1`, so fractions are tried first; whole-number fields are
    // counts (u32), so a negative one is refused here with the same words as the profile's.
    if accepts("\"x\"") {
        Ok(raw.into())
    } else if accepts("0.5") {
        raw.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Into::into)
            .ok_or_else(|| "expected a number".to_string())
    } else if accepts("1") {
        raw.trim()
            .parse::<u32>()
            .map(|n| i64::from(n).into())
            .map_err(|_| "expected a whole number (0 or more)".to_string())
    } else {
        Err(unknown_key(key))
    }
}

/// Longest client name, in characters: a person's name, not a note.
pub const MAX_CLIENT_CHARS: usize = 64;

/// What a client name may be, for messages.
const CLIENT_RULE: &str =
    "allowed: 1 to 64 characters, no \"/\" and no control characters such as newlines";

/// Checks a client name (`--client`, `VMO_CLIENT`, the profile's `client`): it goes into
/// calendar UIDs, the calendar's name and file-like contexts, so it must be short, one
/// line and free of `/`. The error says what is wrong and what is allowed.
pub fn check_client(name: &str) -> Result<(), String> {
    let problem = if name.trim().is_empty() {
        "is empty".to_string()
    } else if name.chars().count() > MAX_CLIENT_CHARS {
        format!("is {} characters long", name.chars().count())
    } else if name.contains('/') {
        "contains \"/\"".to_string()
    } else if let Some(c) = name.chars().find(|c| c.is_control()) {
        format!("contains the control character {:?}", c)
    } else {
        return Ok(());
    };
    Err(format!("{problem} ({CLIENT_RULE})"))
}

/// A client name quoted for a one-line message, cut after 24 characters.
pub fn shorten(value: &str) -> String {
    crate::visible::quoted_to(value, 24)
}

/// The client in force: the flag (or `VMO_CLIENT`), else the profile's, each checked and
/// trimmed (`" Ann K "` is `Ann K`; the case is kept as typed).
pub fn resolve_client(flag: Option<&str>, profile: &Profile) -> Result<Option<String>> {
    if let Some(c) = flag {
        return client_name("--client", c).map(Some);
    }
    match &profile.values.client {
        Some(c) => {
            let c = c.trim();
            check_client(c).map_err(|e| {
                input_error(format!(
                    "{}: client = {}: {e}",
                    profile.origin(),
                    shorten(c)
                ))
            })?;
            Ok(Some(c.to_string()))
        }
        None => Ok(None),
    }
}

/// A client name given with `flag`, trimmed and checked; the error names the flag, the
/// value and what is allowed.
pub fn client_name(flag: &str, raw: &str) -> Result<String> {
    let c = raw.trim();
    check_client(c).map_err(|e| input_error(format!("{flag} {}: {e}", shorten(raw))))?;
    Ok(c.to_string())
}

/// Parses `--bodyweight-ratio`: a number from 0.3 to 1.0.
pub fn parse_ratio(s: &str) -> Result<f64, String> {
    let r: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("not a number; {RATIO_RANGE}"))?;
    check_ratio(r)
}

const RATIO_RANGE: &str = "allowed 0.3 to 1.0; 0.85 is the mass above the knees";

fn check_ratio(r: f64) -> Result<f64, String> {
    if (0.3..=1.0).contains(&r) {
        Ok(r)
    } else {
        Err(format!("{r} is out of range ({RATIO_RANGE})"))
    }
}

/// The plan length in weeks: the flag's (checked by clap), else the profile's, else 6.
pub fn resolve_weeks(flag: Option<u32>, profile: &Profile) -> Result<u32> {
    match (flag, profile.values.weeks) {
        (Some(w), _) => Ok(w),
        (None, Some(w)) if (1..=crate::plan::MAX_WEEKS).contains(&w) => Ok(w),
        (None, Some(w)) => Err(input_error(format!(
            "{}: weeks = {w}: out of range (allowed 1 to {})",
            profile.origin(),
            crate::plan::MAX_WEEKS
        ))),
        (None, None) => Ok(6),
    }
}

/// Weight-related settings from flags (already merged with environment by clap).
#[derive(Debug, Clone, Default)]
pub struct LoadFlags {
    /// `--units`.
    pub units: Option<Unit>,
    /// `--bodyweight`, kg.
    pub bodyweight: Option<f64>,
    /// `--bodyweight-ratio`.
    pub bodyweight_ratio: Option<f64>,
    /// `--one-rep-max`, kg.
    pub one_rep_max: Option<f64>,
    /// `--test`.
    pub test: Option<TestSet>,
    /// `--variant`.
    pub variant: Option<Variant>,
    /// `--dumbbells` as written.
    pub dumbbells: Option<String>,
    /// `--bar`, kg.
    pub bar: Option<f64>,
    /// `--plates` as written.
    pub plates: Option<String>,
    /// `--vest` as written.
    pub vest: Option<String>,
}

/// Plain settings for the core: the person, their kit and the display unit.
#[derive(Debug, Clone)]
pub struct LoadSettings {
    /// Display unit.
    pub unit: Unit,
    /// The athlete handed to the generator.
    pub athlete: crate::plan::Athlete,
    /// Things to tell the user on stderr (e.g. the 1RM estimate used).
    pub notes: Vec<String>,
}

/// Merges flags with the profile and defaults, parsing profile strings like flags.
pub fn resolve_loads(flags: &LoadFlags, profile: &Profile) -> Result<LoadSettings> {
    let pv = &profile.values;
    let unit = match flags.units {
        Some(u) => u,
        None => profile
            .parse("units", &pv.units, str::parse)?
            .unwrap_or_default(),
    };
    let bodyweight = match flags.bodyweight {
        Some(b) => Some(b),
        None => profile.parse("bodyweight", &pv.bodyweight, parse_bodyweight)?,
    };
    let ratio = match (flags.bodyweight_ratio, pv.bodyweight_ratio) {
        (Some(r), _) => r,
        (None, Some(r)) => check_ratio(r).map_err(|e| {
            input_error(format!("{}: bodyweight_ratio = {r}: {e}", profile.origin()))
        })?,
        (None, None) => crate::plan::DEFAULT_BODYWEIGHT_RATIO,
    };
    let mut notes = Vec::new();
    // A one-rep max given as a flag beats a test set kept in the profile.
    let test = match (flags.test, flags.one_rep_max) {
        (Some(t), _) => Some(t),
        (None, None) => profile.parse("test", &pv.test, TestSet::parse)?,
        (None, Some(_)) => None,
    };
    let one_rep_max = match (flags.one_rep_max, test) {
        (Some(m), _) => Some(m),
        (None, Some(t)) => {
            notes.push(t.describe(unit));
            Some(t.one_rep_max().0)
        }
        (None, None) => profile.parse("one_rep_max", &pv.one_rep_max, parse_one_rep_max)?,
    };
    let variant = match flags.variant {
        Some(v) => Some(v),
        None => profile.parse("variant", &pv.variant, str::parse::<Variant>)?,
    };
    if let Some(v) = variant
        && v.is_loaded()
        && bodyweight.is_none()
        && one_rep_max.is_none()
    {
        return Err(input_error(format!(
            "--variant {v} needs load information: pass --bodyweight 72kg, --one-rep-max 80kg or --test 40kg:8 (or set them in the profile)"
        )));
    }
    // Equipment lists are parsed here, not by clap, because bare numbers take `unit`.
    let flag = |key: &str, v: &Option<String>, parse: &dyn Fn(&str) -> Result<_, String>| {
        v.as_deref()
            .map(|s| {
                parse(s).map_err(|e| {
                    input_error(format!("--{key} {}: {e}", crate::visible::clipped(s)))
                })
            })
            .transpose()
    };
    let list = |s: &str| parse_weight_list(s, unit);
    let mut equipment = Equipment::defaults(unit);
    let dumbbells = match flag("dumbbells", &flags.dumbbells, &list)? {
        Some(d) => Some(d),
        None => profile.parse("dumbbells", &pv.dumbbells, list)?,
    };
    if let Some(d) = dumbbells {
        equipment.dumbbells = d;
    }
    let vest = match flag("vest", &flags.vest, &list)? {
        Some(v) => Some(v),
        None => profile.parse("vest", &pv.vest, list)?,
    };
    if let Some(v) = vest {
        equipment.vest = v;
    }
    let bar = match flags.bar {
        Some(b) => Some(b),
        None => profile.parse("bar", &pv.bar, |s| parse_weight(s, 1.0, 50.0))?,
    };
    if let Some(b) = bar {
        equipment.bar = b;
    }
    let plates = |s: &str| parse_plates(s, unit);
    let plates =
        match flags.plates.as_deref() {
            Some(s) => Some(plates(s).map_err(|e| {
                input_error(format!("--plates {}: {e}", crate::visible::clipped(s)))
            })?),
            None => profile.parse("plates", &pv.plates, plates)?,
        };
    if let Some(p) = plates {
        equipment.plates = p;
    }
    Ok(LoadSettings {
        unit,
        athlete: crate::plan::Athlete {
            bodyweight_kg: bodyweight,
            one_rep_max_kg: one_rep_max,
            bodyweight_ratio: ratio,
            equipment,
            variant,
        },
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn profile_path_follows_xdg_then_home() {
        assert_eq!(
            profile_path(None, &env(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")])),
            Some(PathBuf::from("/x/vmo/config.toml"))
        );
        assert_eq!(
            profile_path(None, &env(&[("HOME", "/h")])),
            Some(PathBuf::from("/h/.config/vmo/config.toml"))
        );
        assert_eq!(
            profile_path(Some(Path::new("p.toml")), &env(&[("HOME", "/h")])),
            Some(PathBuf::from("p.toml"))
        );
    }

    #[test]
    fn profile_errors_name_file_and_line() {
        let e = parse_profile("c.toml", "units = \"kg\"\nbodyweigth = \"72kg\"\n").unwrap_err();
        let e = e.to_string();
        assert!(e.starts_with("c.toml:2:1: unknown key `bodyweigth`"), "{e}");
        assert!(e.contains("did you mean `bodyweight`"), "{e}");
        let e = parse_profile("c.toml", "units = \n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml:1:"), "{e}");
    }

    #[test]
    fn set_values_take_the_kind_the_profile_holds() {
        assert_eq!(profile_value("weeks", "12").unwrap().as_integer(), Some(12));
        assert!(
            profile_value("weeks", "six")
                .unwrap_err()
                .contains("whole number")
        );
        assert_eq!(
            profile_value("bodyweight_ratio", "0.8").unwrap().as_float(),
            Some(0.8)
        );
        assert_eq!(
            profile_value("bodyweight_ratio", "1").unwrap().as_float(),
            Some(1.0)
        );
        assert!(profile_value("bodyweight_ratio", "NaN").is_err());
        assert_eq!(
            profile_value("days", "mon,thu").unwrap().as_str(),
            Some("mon,thu")
        );
        assert_eq!(
            profile_value("tz", "Europe/Berlin").unwrap().as_str(),
            Some("Europe/Berlin")
        );
        let e = profile_value("bodywieght", "72kg").unwrap_err();
        assert!(
            e.starts_with("unknown key `bodywieght`; did you mean `bodyweight`?"),
            "{e}"
        );
        // Every key is settable: a new key in PROFILE_KEYS must be a ProfileValues field.
        for k in PROFILE_KEYS {
            assert!(profile_value(k, "1").is_ok(), "{k}");
        }
    }

    #[test]
    fn client_names_are_short_single_lines_without_slashes() {
        for ok in [
            "ann",
            "Ann B",
            "Zoë O'Neill",
            "coach: group 2",
            &"x".repeat(64),
        ] {
            assert_eq!(check_client(ok), Ok(()), "{ok}");
        }
        let e = |s: &str| check_client(s).unwrap_err();
        assert!(e("").starts_with("is empty (allowed: 1 to 64"), "{}", e(""));
        assert!(e("  ").starts_with("is empty"));
        assert!(e(&"x".repeat(65)).starts_with("is 65 characters long"));
        assert!(e("ann/bob").starts_with("contains \"/\""));
        assert!(e("ann\nbob").starts_with("contains the control character '\\n'"));
        assert!(e("ann\u{7}").contains("control character"));
        assert_eq!(shorten("ann\nbob"), "\"ann\\nbob\"");
        assert_eq!(
            shorten(&"y".repeat(500)),
            format!("\"{}…\"", "y".repeat(24))
        );
        let profile = Profile {
            path: Some(PathBuf::from("c.toml")),
            values: ProfileValues {
                client: Some("a/b".into()),
                ..Default::default()
            },
        };
        let e = resolve_client(None, &profile).unwrap_err().to_string();
        assert!(e.starts_with("c.toml: client = \"a/b\": contains"), "{e}");
        assert_eq!(
            resolve_client(Some("Ann"), &profile).unwrap(),
            Some("Ann".to_string())
        );
    }

    #[test]
    fn flags_beat_the_profile() {
        let profile = Profile {
            path: Some(PathBuf::from("c.toml")),
            values: ProfileValues {
                bodyweight: Some("80kg".into()),
                units: Some("lb".into()),
                ..Default::default()
            },
        };
        let s = resolve_loads(&LoadFlags::default(), &profile).unwrap();
        assert_eq!(s.athlete.bodyweight_kg, Some(80.0));
        assert_eq!(s.unit, Unit::Lb);
        let flags = LoadFlags {
            bodyweight: Some(70.0),
            ..Default::default()
        };
        let s = resolve_loads(&flags, &profile).unwrap();
        assert_eq!(s.athlete.bodyweight_kg, Some(70.0));
    }

    #[test]
    fn loaded_variant_without_load_information_is_refused() {
        let flags = LoadFlags {
            variant: Some(Variant::Goblet),
            ..Default::default()
        };
        let e = resolve_loads(&flags, &Profile::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("--bodyweight"), "{e}");
    }
}

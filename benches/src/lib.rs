//! Shared helpers of the benchmarks: a seeded generator of synthetic event logs.

use cop_core::model::time::DAY;

/// A small, fast, seeded pseudo-random generator (SplitMix64), so benchmarks need no extra crate.
#[derive(Clone, Debug)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator with this seed.
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

const KINDS: [&str; 9] =
    ["read", "react", "ask", "answer", "share", "review", "mentor", "organize", "attend"];

/// A synthetic events CSV in the event file format: `events` rows over `members` members and
/// `domains` domains across three years, in time order, with heavy-tailed activity (a member's
/// activity falls with their index) and targets on about 40 % of events.
pub fn synthetic_csv(members: u64, events: u64, domains: u64, seed: u64) -> String {
    use std::fmt::Write;
    let mut rng = SplitMix::new(seed);
    let start = 1_641_168_000i64; // 2022-01-03T00:00:00Z
    let span = 156 * 7 * DAY;
    let mut out = String::with_capacity(events as usize * 48);
    out.push_str("member,time,kind,domain,target\n");
    // Heavy tail: pick a member as floor(members * u^3), so low indices act most.
    let pick = |rng: &mut SplitMix| {
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((members as f64) * u * u * u) as u64
    };
    for i in 0..events {
        let member = pick(&mut rng);
        let time = start + (i as i64 * span) / events as i64;
        let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
        let domain = rng.below(domains);
        let target = (rng.below(10) < 4).then(|| pick(&mut rng)).filter(|&t| t != member);
        let _ = write!(out, "m{member},{},{kind},d{domain},", cop_core::model::time::format_seconds(time));
        if let Some(t) = target {
            let _ = write!(out, "m{t}");
        }
        out.push('\n');
    }
    out
}

/// The peak resident memory of this process so far (`VmHWM` of `/proc/self/status`), in MB;
/// `None` where the system does not say (not Linux).
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resets the peak resident memory to the current one (Linux: `5` into `/proc/self/clear_refs`),
/// so that the next [`peak_memory_mb`] measures what follows; does nothing elsewhere.
pub fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The size and repetitions of an importer's bench from the command line (`--mb N`,
/// `--repeat N`), with these defaults; an unknown option or a value that is not a number stops
/// the bench.
pub fn size_and_repeat(megabytes: usize, repeat: usize) -> (usize, usize) {
    let (mut megabytes, mut repeat) = (megabytes, repeat);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok()).expect("a number after the option");
        match arg.as_str() {
            "--mb" => megabytes = value,
            "--repeat" => repeat = value,
            _ => panic!("unknown option {arg}"),
        }
    }
    (megabytes, repeat)
}

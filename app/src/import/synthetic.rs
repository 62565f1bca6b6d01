//! A deterministic synthetic estate for benchmarks: `n` CIs in realistic layers
//! (business services → applications → app servers and databases → VMs → clusters and
//! hosts → racks → sites, plus network), about four relations per CI, and redundancy in
//! the host layer. The same seed always gives the same plan.

use super::plan::{Plan, PlannedCi, PlannedRelation, RowRef};

/// A small, fast, seeded generator (xorshift64*); quality is plenty for picking peers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// How many CIs of each layer an estate of `n` has (at least one each).
fn layers(n: usize) -> [(&'static str, &'static str, usize); 10] {
    let share = |per_mille: usize| (n * per_mille / 1000).max(1);
    [
        ("site", "site", share(2)),
        ("rack", "rack", share(20)),
        ("switch", "switch", share(30)),
        ("host", "server", share(150)),
        ("cluster", "cluster", share(10)),
        ("vm", "virtual_machine", share(400)),
        ("appsrv", "application_server", share(150)),
        ("db", "database", share(50)),
        ("app", "application", share(170)),
        ("svc", "business_service", share(18)),
    ]
}

/// The keys of one layer: `synthetic:<layer>:<i>`.
fn key(layer: &str, i: usize) -> String {
    format!("synthetic:{layer}:{i}")
}

pub fn plan(n: usize, seed: u64) -> Plan {
    let mut rng = Rng(seed.max(1));
    let layers = layers(n);
    let count = |name: &str| layers.iter().find(|l| l.0 == name).map_or(1, |l| l.2);
    let mut plan = Plan::default();
    let at = |line: usize| RowRef {
        file: "synthetic".into(),
        line,
    };
    for (layer, class, size) in layers {
        for i in 0..size {
            plan.cis.push(PlannedCi {
                key: key(layer, i),
                name: format!("{layer}-{i:06}"),
                class: class.into(),
                status: "Active".into(),
                environment: "Production".into(),
                criticality: if layer == "svc" { 1 + (i % 5) as u8 } else { 3 },
                owner: Some(format!("Team {}", i % 40)),
                description: format!("Synthetic {class} number {i} in the benchmark estate"),
                tags: vec![layer.into(), format!("zone{}", i % 12)],
                attributes: Vec::new(),
                at: at(plan.cis.len() + 2),
            });
        }
    }
    let relate = |plan: &mut Plan, source: String, kind: &str, target: String| {
        let line = plan.relations.len() + 2;
        plan.relations.push(PlannedRelation {
            source,
            kind: kind.into(),
            target,
            at: at(line),
        });
    };
    let pick = |layer: &str, rng: &mut Rng| key(layer, rng.below(count(layer)));
    for i in 0..count("rack") {
        relate(
            &mut plan,
            key("rack", i),
            "located_in",
            pick("site", &mut rng),
        );
    }
    for i in 0..count("switch") {
        // An access layer under a few core switches (the first ten).
        if i >= 10 {
            relate(
                &mut plan,
                key("switch", i),
                "depends_on",
                key("switch", rng.below(10.min(count("switch")))),
            );
        }
        relate(
            &mut plan,
            key("switch", i),
            "located_in",
            pick("rack", &mut rng),
        );
    }
    for i in 0..count("host") {
        let host = key("host", i);
        relate(
            &mut plan,
            host.clone(),
            "located_in",
            pick("rack", &mut rng),
        );
        // Two uplinks per host.
        relate(
            &mut plan,
            host.clone(),
            "depends_on",
            pick("switch", &mut rng),
        );
        relate(
            &mut plan,
            host.clone(),
            "depends_on",
            pick("switch", &mut rng),
        );
        // Every cluster rests on hosts.
        relate(
            &mut plan,
            key("cluster", i % count("cluster")),
            "depends_on",
            host,
        );
    }
    for i in 0..count("vm") {
        let vm = key("vm", i);
        relate(
            &mut plan,
            vm.clone(),
            "hosted_on",
            pick("cluster", &mut rng),
        );
        relate(
            &mut plan,
            vm.clone(),
            "backed_up_by",
            pick("host", &mut rng),
        );
        relate(
            &mut plan,
            vm.clone(),
            "depends_on",
            pick("switch", &mut rng),
        );
        relate(&mut plan, vm, "located_in", pick("rack", &mut rng));
    }
    for i in 0..count("appsrv") {
        let server = key("appsrv", i);
        relate(&mut plan, server.clone(), "runs_on", pick("vm", &mut rng));
        relate(
            &mut plan,
            server.clone(),
            "depends_on",
            pick("db", &mut rng),
        );
        relate(&mut plan, server, "depends_on", pick("db", &mut rng));
    }
    for i in 0..count("db") {
        relate(&mut plan, key("db", i), "hosted_on", pick("vm", &mut rng));
        relate(
            &mut plan,
            key("db", i),
            "backed_up_by",
            pick("host", &mut rng),
        );
    }
    for i in 0..count("app") {
        for _ in 0..3 {
            relate(
                &mut plan,
                key("app", i),
                "runs_on",
                pick("appsrv", &mut rng),
            );
        }
        relate(&mut plan, key("app", i), "depends_on", pick("db", &mut rng));
        relate(&mut plan, key("app", i), "depends_on", pick("db", &mut rng));
    }
    for i in 0..count("svc") {
        for _ in 0..12 {
            relate(
                &mut plan,
                key("svc", i),
                "depends_on",
                pick("app", &mut rng),
            );
        }
    }
    plan.relations
        .sort_by(|a, b| (&a.source, &a.kind, &a.target).cmp(&(&b.source, &b.kind, &b.target)));
    plan.relations
        .dedup_by(|a, b| (&a.source, &a.kind, &a.target) == (&b.source, &b.kind, &b.target));
    plan.rows = vec![("synthetic".into(), plan.cis.len())];
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_estate_of_the_asked_size() {
        let a = plan(10_000, 7);
        assert_eq!(a, plan(10_000, 7));
        assert_ne!(a.relations, plan(10_000, 8).relations);
        let n = a.cis.len();
        assert!((9_900..=10_100).contains(&n), "{n} CIs");
        let per_ci = a.relations.len() as f64 / n as f64;
        assert!((3.0..=5.0).contains(&per_ci), "{per_ci} relations per CI");
        let mut names: Vec<&str> = a.cis.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "names are unique");
    }
}

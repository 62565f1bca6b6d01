//! The NetBox demo data set, planned whole and checked against the facts its README states.

use super::*;
use crate::import::plan::PlannedCi;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/netbox-demo");

// Facts as the data set's README states them.
const ROWS: &str = "sites.csv 24, racks.csv 42, devices.csv 72, clusters.csv 32, \
    virtual-machines.csv 180, cables.csv 108, circuits.csv 29, ip-addresses.csv 180, \
    tenants.csv 11";
const DEVICES_PER_SITE: &str = "Butler Communications 2, D. S. Weaver Labs 2, \
    DM-Akron 4, DM-Albany 4, DM-Binghamton 4, DM-Buffalo 4, DM-Camden 4, DM-Nashua 4, \
    DM-NYC 0, DM-Pittsfield 4, DM-Rochester 4, DM-Scranton 4, DM-Stamford 4, \
    DM-Syracuse 4, DM-Utica 4, DM-Yonkers 4, Grinnells Lab 2, JBB Branch 104 0, \
    JBB Branch 109 0, JBB Branch 115 0, JBB Branch 120 0, JBB Branch 127 0, \
    JBB Branch 133 0, MDF 14";
const VMS_PER_CLUSTER: &str = "DO-AMS3 20, DO-NYC1 20, DO-TOR1 20, gc-asia-east1 0";
const CIRCUITS_PER_PROVIDER: &str = "CenturyLink 13, Level 3 13, NCSU Facilities 3";
const UNNAMED_PER_ROLE: &str = "Application Server 1, Patch Panel 13, ToR Switch 8";

/// "name 12, other name 3" as pairs.
fn facts(text: &str) -> Vec<(&str, usize)> {
    text.split(", ").map(fact).collect()
}

fn fact(fact: &str) -> (&str, usize) {
    let (name, count) = fact.rsplit_once(' ').expect("a name and a count");
    (name, count.parse().expect("a count"))
}

fn demo_files() -> Vec<SourceFile> {
    let read = |name: &str| std::fs::read_to_string(format!("{DEMO}/{name}"));
    let file = |(name, _): (&str, usize)| SourceFile {
        name: name.to_string(),
        text: read(name).expect("the demo file is readable"),
    };
    facts(ROWS).into_iter().map(file).collect()
}

fn demo() -> Plan {
    plan(&demo_files()).expect("the demo data plans without errors")
}

fn named<'p>(plan: &'p Plan, name: &str) -> &'p PlannedCi {
    let found = plan.cis.iter().find(|ci| ci.name == name);
    found.unwrap_or_else(|| panic!("no CI named {name}"))
}

fn keyed<'p>(plan: &'p Plan, key: &str) -> &'p PlannedCi {
    let found = plan.cis.iter().find(|ci| ci.key == key);
    found.unwrap_or_else(|| panic!("no CI keyed {key}"))
}

fn attribute<'c>(ci: &'c PlannedCi, label: &str) -> Option<&'c str> {
    let found = ci.attributes.iter().find(|(l, _)| l == label);
    found.map(|(_, value)| value.as_str())
}

/// The CIs with a `kind` relation to `target`.
fn sources<'p>(plan: &'p Plan, kind: &str, target: &str) -> Vec<&'p PlannedCi> {
    let relations = plan.relations.iter();
    let matching = relations.filter(|r| r.kind == kind && r.target == target);
    matching.map(|r| keyed(plan, &r.source)).collect()
}

/// The site a CI is in, following located_in (device -> rack -> site).
fn site_of<'p>(plan: &'p Plan, key: &str) -> &'p str {
    let ci = keyed(plan, key);
    if ci.class == "site" {
        return &ci.name;
    }
    let mut up = plan.relations.iter();
    let up = up.find(|r| r.source == key && r.kind == "located_in");
    site_of(plan, &up.expect("a CI with a place").target)
}

fn connected(plan: &Plan, a: &str, b: &str) -> bool {
    let (a, b) = (&named(plan, a).key, &named(plan, b).key);
    let mut cables = plan.relations.iter().filter(|r| r.kind == "connected_to");
    cables.any(|r| (&r.source, &r.target) == (a, b) || (&r.source, &r.target) == (b, a))
}

fn devices(plan: &Plan) -> Vec<&PlannedCi> {
    let cis = plan.cis.iter();
    cis.filter(|ci| ci.key.starts_with("netbox:device:"))
        .collect()
}

fn count<T: PartialEq>(values: &[T], value: T) -> usize {
    values.iter().filter(|v| **v == value).count()
}

#[test]
fn rows_are_counted_per_file() {
    let plan = demo();
    let rows: Vec<(&str, usize)> = plan.rows.iter().map(|(f, n)| (f.as_str(), *n)).collect();
    assert_eq!(rows, facts(ROWS));
    assert_eq!(plan.cis.len(), 24 + 42 + 72 + 32 + 180 + 29);
    let skipped: Vec<&str> = plan
        .skipped
        .iter()
        .map(|(at, _)| at.file.as_str())
        .collect();
    assert_eq!(count(&skipped, IPS), 180);
    assert_eq!(count(&skipped, TENANTS), 11);
    let mut tenants = plan.skipped.iter().filter(|(at, _)| at.file == TENANTS);
    let dunder_mifflin = tenants
        .find(|(at, _)| at.line == 3)
        .map(|(_, why)| why.as_str());
    // 14 sites, 13 racks, 39 named devices and 26 circuits.
    let reason = "a tenant is not a CI; it owns 92 of the planned CIs";
    assert_eq!(dunder_mifflin, Some(reason));
}

#[test]
fn devices_per_site_follow_located_in() {
    let plan = demo();
    let sites: Vec<&str> = devices(&plan)
        .iter()
        .map(|ci| site_of(&plan, &ci.key))
        .collect();
    for (site, devices) in facts(DEVICES_PER_SITE) {
        assert_eq!(count(&sites, site), devices, "devices at {site}");
    }
    assert_eq!(sites.len(), 72);
}

#[test]
fn vms_are_hosted_on_their_clusters() {
    let plan = demo();
    for (cluster, vms) in facts(VMS_PER_CLUSTER) {
        let hosted = sources(&plan, "hosted_on", &named(&plan, cluster).key);
        assert_eq!(hosted.len(), vms, "VMs on {cluster}");
    }
    let mut hosts: Vec<&str> = plan.relations.iter().map(|r| r.target.as_str()).collect();
    hosts.retain(|host| host.starts_with("netbox:cluster:"));
    assert_eq!(hosts.len(), 180);
    let hosts: HashSet<&str> = hosts.into_iter().collect();
    assert_eq!(hosts.len(), 9, "only 9 clusters have VMs");
}

#[test]
fn example_cables_connect_the_right_cis() {
    let plan = demo();
    let examples = [
        (1, "DEOW4921", "dmi01-yonkers-rtr01"),
        (35, "dmi01-akron-rtr01", "dmi01-akron-sw01"),
        (61, "dmi01-akron-rtr01", "dmi01-akron-pdu01"),
        (87, "319031", "PP:B128"),
        (88, "319031", "PP:MDF (Butler Communications)"),
        (104, "ncsu-coreswitch1", "PP:B117"),
    ];
    for (cable, a, b) in examples {
        assert!(connected(&plan, a, b), "cable {cable}: {a} to {b}");
    }
    // The README's cables by end kinds, as pairs of CI classes: circuit terminations
    // to interfaces (26) and rear ports (6), interface to front port (24 cables, 9
    // pairs), interface to interface (26 cables, 13 pairs), power (26).
    let cables = plan.relations.iter().filter(|r| r.kind == "connected_to");
    let pairs: Vec<String> = cables
        .map(|r| {
            let mut ends = [
                &keyed(&plan, &r.source).class,
                &keyed(&plan, &r.target).class,
            ];
            ends.sort();
            format!("{} / {}", ends[0], ends[1])
        })
        .collect();
    let pairs: Vec<&str> = pairs.iter().map(String::as_str).collect();
    let expected = "circuit / patch_panel 6, circuit / router 26, patch_panel / switch 9, \
        pdu / router 13, pdu / switch 13, router / switch 13";
    for (ends, cables) in facts(expected) {
        assert_eq!(count(&pairs, ends), cables, "{ends}");
    }
    assert_eq!(pairs.len(), 80, "one relation per pair of CIs");
    let mut cables = plan.relations.iter().filter(|r| r.kind == "connected_to");
    assert!(cables.all(|r| r.source < r.target && r.at.file == CABLES));
    let first = plan.relations.iter().find(|r| r.kind == "connected_to");
    assert_eq!(first.map(|r| r.at.line), Some(2), "cable 1 is on line 2");
}

#[test]
fn racks_hold_their_devices_top_to_bottom() {
    let plan = demo();
    let contents = |rack: &str| {
        let mut held = sources(&plan, "located_in", rack);
        let position = |ci: &PlannedCi| attribute(ci, "Position").map(str::parse::<u32>);
        held.sort_by_key(|ci| std::cmp::Reverse(position(ci).and_then(Result::ok)));
        held.iter().map(|ci| ci.name.clone()).collect::<Vec<_>>()
    };
    let akron = "netbox:rack:DM-Akron/Comms closet";
    assert_eq!(named(&plan, "Comms closet (DM-Akron)").key, akron);
    let held = [
        "Patch Panel #74",
        "dmi01-akron-sw01",
        "dmi01-akron-rtr01",
        "dmi01-akron-pdu01",
    ];
    assert_eq!(contents(akron), held);
    assert_eq!(
        contents("netbox:rack:MDF/Plant 1"),
        ["PP:B128", "PP:B117", "PP:B118"]
    );
}

#[test]
fn circuits_per_provider() {
    let plan = demo();
    let circuits = plan.cis.iter().filter(|ci| ci.class == "circuit");
    let providers: Vec<&str> = circuits
        .filter_map(|ci| attribute(ci, "Provider"))
        .collect();
    for (provider, circuits) in facts(CIRCUITS_PER_PROVIDER) {
        assert_eq!(
            count(&providers, provider),
            circuits,
            "circuits of {provider}"
        );
    }
    assert_eq!(providers.len(), 29);
    let circuit = named(&plan, "DEOW4921");
    assert_eq!(circuit.key, "netbox:circuit:Level 3/DEOW4921");
    assert_eq!(attribute(circuit, "Side A"), Some("Level3 MPLS"));
    assert_eq!(attribute(circuit, "Side Z"), Some("DM-Yonkers"));
}

#[test]
fn quirks_are_survived() {
    let plan = demo();
    let unnamed = |ci: &&PlannedCi| {
        let id = ci.key.trim_start_matches("netbox:device:");
        let role = attribute(ci, "Role").unwrap_or_default();
        ci.name == format!("{role} #{id}") && attribute(ci, "NetBox name").is_none()
    };
    let unnamed: Vec<&PlannedCi> = devices(&plan).into_iter().filter(unnamed).collect();
    let roles: Vec<&str> = unnamed
        .iter()
        .filter_map(|ci| attribute(ci, "Role"))
        .collect();
    for (role, devices) in facts(UNNAMED_PER_ROLE) {
        assert_eq!(
            count(&roles, role),
            devices,
            "unnamed devices with role {role}"
        );
    }
    assert_eq!(roles.len(), 22);
    let renamed = |from: &str| {
        let cis = plan.cis.iter();
        let cis = cis.filter(|ci| attribute(ci, "NetBox name") == Some(from));
        cis.map(|ci| (ci.name.clone(), site_of(&plan, &ci.key)))
            .collect::<Vec<_>>()
    };
    let pp_mdf = renamed("PP:MDF");
    assert_eq!(pp_mdf.len(), 3);
    assert!(pp_mdf
        .iter()
        .all(|(name, site)| *name == format!("PP:MDF ({site})")));
    let closets = renamed("Comms closet");
    assert_eq!(closets.len(), 13);
    assert!(closets
        .iter()
        .all(|(name, site)| *name == format!("Comms closet ({site})")));
    let rochster = named(&plan, "dmi01-rochster-sw01");
    assert_eq!(attribute(rochster, "NetBox name"), None);
    assert_eq!(site_of(&plan, &rochster.key), "DM-Rochester");
    let folded: HashSet<String> = plan.cis.iter().map(|ci| ci.name.to_lowercase()).collect();
    assert_eq!(
        folded.len(),
        plan.cis.len(),
        "names are unique case-insensitively"
    );
}

#[test]
fn cis_carry_class_status_owner_tags_and_attributes() {
    let plan = demo();
    let jbb = named(&plan, "JBB Branch 104").owner.as_deref();
    assert_eq!(jbb, Some("Jimbob's Banking & Trust"));
    let attributes = plan.cis.iter().flat_map(|ci| &ci.attributes);
    let labels: Vec<&str> = attributes.map(|(label, _)| label.as_str()).collect();
    assert_eq!(
        count(&labels, "Serial number") + count(&labels, "Time Zone"),
        0
    );
    let mut values = plan.cis.iter().flat_map(|ci| &ci.attributes);
    assert!(
        values.all(|(_, value)| !value.is_empty()),
        "empty cells are left out"
    );
    let router = named(&plan, "dmi01-akron-rtr01");
    assert_eq!(
        (&router.key[..], &router.class[..]),
        ("netbox:device:1", "router")
    );
    assert_eq!(
        (&router.status[..], &router.environment[..]),
        ("Active", "Production")
    );
    assert_eq!(router.criticality, 3);
    assert_eq!(router.owner.as_deref(), Some("Dunder-Mifflin, Inc."));
    assert_eq!(router.tags, ["Router", "DM-Akron"]);
    assert_eq!(attribute(router, "Platform"), Some("Cisco IOS"));
    assert_eq!(attribute(router, "Type"), Some("ISR 1111-8P"));
    let classes = [
        ("dmi01-akron-sw01", "switch"),
        ("ncsu-coreswitch1", "switch"),
        ("ToR Switch #98", "switch"),
        ("dmi01-akron-pdu01", "pdu"),
        ("PP:B117", "patch_panel"),
        ("Application Server #106", "application_server"),
    ];
    for (name, class) in classes {
        assert_eq!(named(&plan, name).class, class, "class of {name}");
    }
    let mdf = named(&plan, "MDF");
    assert_eq!((&mdf.key[..], mdf.criticality), ("netbox:site:MDF", 4));
    assert_eq!(mdf.description, "Main Distribution Frame");
    assert_eq!(attribute(mdf, "Facility"), Some("065"));
    assert_eq!(
        named(&plan, "R305").status,
        "Active",
        "an Available rack is in use"
    );
    let cluster = named(&plan, "DO-AMS3");
    assert_eq!(attribute(cluster, "Cluster type"), Some("DigitalOcean"));
    assert_eq!(named(&plan, "vm1").key, "netbox:vm:DO-AMS3/vm1");
}

#[test]
fn planning_twice_gives_the_same_plan() {
    let mut files = demo_files();
    let first = plan(&files);
    assert_eq!(first, plan(&files));
    files.reverse();
    assert_eq!(
        first,
        plan(&files),
        "the order of the files does not matter"
    );
}

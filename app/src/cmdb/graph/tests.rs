use super::*;
use Propagation::*;

fn depends(g: &mut Graph, a: &str, b: &str) {
    g.relate(a, b, "depends on", "is needed by", ToSource);
}

fn ids(reached: &[Reached]) -> Vec<(&str, u32)> {
    reached.iter().map(|r| (r.id.as_str(), r.depth)).collect()
}

/// The seed estate's core: Database depends on Web Server, Website Hosting on both.
fn seed() -> Graph {
    let mut g = Graph::default();
    depends(&mut g, "database", "web_server");
    g.relate("web_server", "srv_a002", "runs on", "runs", ToSource);
    depends(&mut g, "website_hosting", "web_server");
    depends(&mut g, "database_service", "database");
    g.relate("rack", "site", "located in", "contains", None);
    g.relate("srv_a002", "rack", "located in", "contains", None);
    g
}

#[test]
fn failure_travels_from_what_is_needed_to_what_needs_it() {
    let mut g = seed();
    g.put_ci("web_server", "Web Server", false);
    g.put_ci("database", "Database", false);
    let reached = g.impact(&["web_server"]).all();
    assert_eq!(
        ids(&reached),
        vec![
            ("database", 1),
            ("website_hosting", 1),
            ("database_service", 2)
        ]
    );
    let service = reached.iter().find(|r| r.id == "database_service").unwrap();
    assert_eq!(
        (service.from.id.as_str(), service.from.name.as_str()),
        ("web_server", "Web Server")
    );
    assert_eq!(service.path[0].name, "Database");
    let path: Vec<(&str, &str)> = service
        .path
        .iter()
        .map(|s| (s.id.as_str(), s.relation.as_str()))
        .collect();
    assert_eq!(
        path,
        vec![
            ("database", "depends on"),
            ("database_service", "depends on")
        ]
    );
}

#[test]
fn placement_does_not_propagate_and_dependents_do_not_impact_what_they_need() {
    let g = seed();
    assert!(g.impact(&["site"]).all().is_empty());
    assert!(g.impact(&["website_hosting"]).all().is_empty());
    assert_eq!(ids(&g.impact(&["srv_a002"]).all())[0], ("web_server", 1));
}

#[test]
fn two_way_relations_propagate_both_ways() {
    let mut g = Graph::default();
    g.relate("router", "switch", "connected to", "connected from", Both);
    let forward = g.impact(&["router"]).all();
    assert_eq!(ids(&forward), vec![("switch", 1)]);
    // Each step reads from its CI to the previous one: the switch is connected
    // from the router, the router connected to the switch.
    assert_eq!(forward[0].path[0].relation, "connected from");
    assert_eq!(
        g.impact(&["switch"]).all()[0].path[0].relation,
        "connected to"
    );
}

#[test]
fn cycles_end_and_have_no_depth_cap() {
    let mut g = Graph::default();
    for i in 0..500 {
        depends(&mut g, &format!("n{}", i + 1), &format!("n{i}"));
    }
    depends(&mut g, "n0", "n500");
    let reached = g.impact(&["n0"]).all();
    assert_eq!(reached.len(), 500);
    assert_eq!(reached.last().unwrap().depth, 500);
    assert_eq!(reached.last().unwrap().path.len(), 500);
}

#[test]
fn a_redundancy_group_passes_failure_on_only_when_all_members_fail() {
    let mut g = Graph::default();
    depends(&mut g, "shop", "web1");
    depends(&mut g, "shop", "web2");
    g.group(&["web1", "web2"], Option::None);
    assert!(g.impact(&["web1"]).all().is_empty());
    assert!(g.impact(&["web2"]).all().is_empty());
    assert_eq!(ids(&g.impact(&["web1", "web2"]).all()), vec![("shop", 1)]);
}

#[test]
fn a_group_can_need_fewer_failures_than_members() {
    let mut g = Graph::default();
    for web in ["web1", "web2", "web3"] {
        depends(&mut g, "shop", web);
    }
    g.group(&["web1", "web2", "web3"], Some(2));
    assert!(g.impact(&["web1"]).all().is_empty());
    assert_eq!(ids(&g.impact(&["web1", "web3"]).all()), vec![("shop", 1)]);
}

#[test]
fn a_group_goes_down_through_a_shared_cause() {
    // Both web servers run on one host: the host failing takes the group down.
    let mut g = Graph::default();
    depends(&mut g, "shop", "web1");
    depends(&mut g, "shop", "web2");
    g.group(&["web1", "web2"], Option::None);
    g.relate("web1", "host", "runs on", "runs", ToSource);
    g.relate("web2", "host", "runs on", "runs", ToSource);
    assert_eq!(
        ids(&g.impact(&["host"]).all()),
        vec![("web1", 1), ("web2", 1), ("shop", 2)]
    );
}

#[test]
fn what_if_with_several_failed_cis_reaches_the_union() {
    let g = seed();
    let reached = g.impact(&["srv_a002", "database"]).all();
    assert_eq!(
        ids(&reached),
        vec![
            ("web_server", 1),
            ("database_service", 1),
            ("website_hosting", 2)
        ],
        "nearest first, then in the order the CIs were loaded"
    );
}

#[test]
fn edges_among_a_set_leave_out_the_rest() {
    let mut g = seed();
    g.relate("router", "switch", "connected to", "connected from", Both);
    let edges = g.edges_among(&[
        "database",
        "web_server",
        "database_service",
        "router",
        "switch",
        "rack",
    ]);
    assert_eq!(
        edges,
        vec![
            ("database".into(), "web_server".into(), "depends on".into()),
            (
                "database_service".into(),
                "database".into(),
                "depends on".into()
            ),
            ("router".into(), "switch".into(), "connected to".into()),
        ]
    );
}

#[test]
fn a_service_needs_everything_below_it() {
    let g = seed();
    assert_eq!(
        ids(&g.needs("database_service").all()),
        vec![("database", 1), ("web_server", 2), ("srv_a002", 3)]
    );
    assert!(g.needs("unknown").all().is_empty());
}

#[test]
fn a_removed_relation_no_longer_propagates_either_way() {
    let mut g = seed();
    g.unrelate(
        "database",
        "web_server",
        "depends on",
        "is needed by",
        ToSource,
    );
    assert_eq!(
        ids(&g.impact(&["web_server"]).all()),
        vec![("website_hosting", 1)]
    );
    assert!(!g.needs("database").ids().any(|id| id == "web_server"));
    g.relate("router", "switch", "connected to", "connected from", Both);
    g.unrelate("router", "switch", "connected to", "connected from", Both);
    assert!(g.impact(&["router"]).is_empty() && g.impact(&["switch"]).is_empty());
}

#[test]
fn a_page_of_a_large_impact_is_explained_without_the_rest() {
    let mut g = Graph::default();
    for n in 0..250 {
        depends(&mut g, &format!("app{n:03}"), "core");
    }
    g.put_ci("app007", "App 7", true);
    let reach = g.impact(&["core"]);
    assert_eq!(reach.len(), 250);
    let page = reach.page(100, 100);
    assert_eq!(page.len(), 100);
    assert_eq!(page[0].id, "app100");
    assert_eq!(page[0].path.len(), 1);
    assert!(reach.contains("app249") && !reach.contains("core"));
    assert_eq!(reach.services(), vec![("app007", 1)]);
    let explained = reach.explain("app007").unwrap();
    assert_eq!(
        (explained.from.id.as_str(), explained.path.len()),
        ("core", 1)
    );
    assert!(reach.explain("core").is_none());
    drop(reach);
    g.put_ci("app007", "App 7", false);
    assert!(g.impact(&["core"]).services().is_empty());
}

#[test]
fn each_root_finds_the_marked_cis_it_needs() {
    let mut g = Graph::default();
    // shop and blog need app, app needs db; db needing app back must not loop.
    depends(&mut g, "shop", "app");
    depends(&mut g, "blog", "app");
    depends(&mut g, "app", "db");
    depends(&mut g, "db", "app");
    g.put_ci("wiki", "Wiki", false);
    let bad = ["db", "blog", "wiki"];
    let mut found = g.needed_among(&["shop", "blog", "wiki", "nowhere"], |id| bad.contains(&id));
    found.iter_mut().for_each(|f| f.sort());
    assert_eq!(
        found,
        vec![vec!["db"], vec!["blog", "db"], vec!["wiki"], vec![]]
    );
}

#[test]
fn each_analysis_starts_clean_while_the_last_one_is_still_read() {
    let mut g = seed();
    // Database and Website Hosting go down together only.
    g.group(&["database", "website_hosting"], Some(2));
    let first = g.impact(&["web_server"]);
    assert!(g.impact(&["database"]).is_empty(), "the group holds");
    assert_eq!(
        first.len(),
        3,
        "the first answer is untouched by the second walk"
    );
    drop(first);
    // Reused buffers: nothing of the walks before leaks into the next ones.
    assert!(g.impact(&["database"]).is_empty(), "the group still holds");
    assert_eq!(
        ids(&g.needs("website_hosting").all()),
        vec![("web_server", 1), ("srv_a002", 2)]
    );
    depends(&mut g, "new", "database_service");
    let grown = g.impact(&["web_server"]).all();
    assert_eq!(
        ids(&grown).last(),
        Some(&("new", 3)),
        "after the graph grew"
    );
}

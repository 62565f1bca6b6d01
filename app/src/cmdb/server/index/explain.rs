//! Explaining a walk over the graph: the page of affected services and of affected CIs
//! asked for, each with the path that explains it.

use super::snapshot::Snapshot;
use crate::cmdb::graph::{Reach, Reached};
use crate::cmdb::relations::{
    service_rank, Affected, AffectedPage, Impact, ImpactPages, ImpactedCi, IMPACT_PAGE_SIZE,
};
use crate::error::AppError;

impl Snapshot {
    /// The page of services and the page of CIs asked for, of those `reach` reached.
    pub fn explain(
        &self,
        starts: &[String],
        reach: &Reach,
        pages: ImpactPages,
    ) -> Result<Impact, AppError> {
        let starts = starts
            .iter()
            .map(|id| self.ci(id).cloned())
            .collect::<Result<Vec<_>, _>>()?;
        let services = self.services_hit(reach)?;
        let page = AffectedPage::clamp(pages.services, services.len());
        let shown = services
            .iter()
            .skip(AffectedPage::skip(page))
            .take(IMPACT_PAGE_SIZE)
            .filter_map(|(ci, _)| reach.explain(&ci.id))
            .collect();
        let services = AffectedPage {
            page,
            total: services.len(),
            rows: self.affected(shown)?,
        };
        let page = AffectedPage::clamp(pages.cis, reach.len());
        let rows = reach.page(AffectedPage::skip(page), IMPACT_PAGE_SIZE);
        Ok(Impact {
            starts,
            services,
            affected: AffectedPage {
                page,
                total: reach.len(),
                rows: self.affected(rows)?,
            },
        })
    }

    /// Every business service `reach` reached, with its depth, most critical first.
    pub fn services_hit(&self, reach: &Reach) -> Result<Vec<(&ImpactedCi, u32)>, AppError> {
        let mut hit = reach
            .services()
            .into_iter()
            .map(|(id, depth)| Ok((self.ci(id)?, depth)))
            .collect::<Result<Vec<_>, AppError>>()?;
        hit.sort_by(|a, b| service_rank(a.0, a.1).cmp(&service_rank(b.0, b.1)));
        Ok(hit)
    }

    fn affected(&self, reached: Vec<Reached>) -> Result<Vec<Affected>, AppError> {
        reached
            .into_iter()
            .map(|r| {
                Ok(Affected {
                    ci: self.ci(&r.id)?.clone(),
                    depth: r.depth,
                    from: r.from,
                    path: r.path,
                })
            })
            .collect()
    }
}

// The HTTP face of applications, reviews and memberships (routes under /api/v1/t/{slug}/).
#pragma once

namespace guildhall::http {
class Router;
}

namespace guildhall::workflow {

class WorkflowService;
class CommitteeDirectory;

void register_workflow_routes(http::Router& router, const WorkflowService& workflow,
                              const CommitteeDirectory& committee);

}  // namespace guildhall::workflow

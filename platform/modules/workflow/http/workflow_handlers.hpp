// The HTTP face of applications, reviews and memberships (routes under /api/v1/t/{slug}/).
#pragma once

namespace guildhall::http {
class Router;
}

namespace guildhall::workflow {

class WorkflowService;

void register_workflow_routes(http::Router& router, const WorkflowService& workflow);

}  // namespace guildhall::workflow

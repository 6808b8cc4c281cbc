// The HTTP face of the admins' member list (routes under /api/v1/t/{slug}/admin/members).
#pragma once

namespace guildhall::http {
class Router;
}

namespace guildhall::members {

class MemberService;

void register_member_routes(http::Router& router, const MemberService& members);

}  // namespace guildhall::members

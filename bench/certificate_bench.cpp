// The certificate side of the benchmarks (bench/http_bench.sh runs both modes):
//
//   bench_certificates render <templates-dir> <photo.jpg> [count]
//     Renders the medical template to PDF `count` times on one thread, with the photo and a QR
//     code as issuing does, and prints certificates per second per core and the PDF's size.
//   bench_certificates seed <database-url> <key-file> <public-url>
//     Records one membership and its certificate of tenant "med" and prints the path of its
//     verification URL (the server must then use the same key file).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "documents/qr_code.hpp"
#include "documents/svg_renderer.hpp"
#include "documents/svg_template.hpp"
#include "modules/certificates/certificate_service.hpp"
#include "modules/certificates/certificate_store.hpp"
#include "modules/workflow/application_store.hpp"
#include "privacy/key_ring.hpp"
#include "tenancy/tenant_directory.hpp"

namespace {

using namespace guildhall;

int render(const std::string& templates_dir, const std::string& photo_path, int count) {
  std::ifstream in(templates_dir + "/certificates/medical-member.svg");
  std::stringstream text;
  text << in.rdbuf();
  const auto svg = documents::SvgTemplate::parse(text.str(), "medical-member.svg");
  // A member's photo as uploads keep it: a JPEG of passport size (bench/photo.jpg).
  std::ifstream photo_file(photo_path, std::ios::binary);
  std::stringstream photo_bytes;
  photo_bytes << photo_file.rdbuf();
  const std::string photo_uri = documents::data_uri("image/jpeg", photo_bytes.str());
  const auto started = std::chrono::steady_clock::now();
  std::size_t bytes = 0;
  for (int i = 0; i < count; ++i) {
    const std::string number = "MED2026" + std::to_string(100000 + i);
    const std::string url = "https://members.example.org/v/med/" + number +
                            "?d=20261122&s=1.Yw3NKWjH8lq1pVJ5p8m4dQb0cJ6v3mE2xk7Qn9aR1tU";
    const std::string filled =
        svg.fill({{"tenant_name", "中国抗癌协会"},
                  {"member_name", "张三丰"},
                  {"name", "张三丰"},
                  {"gender", "男"},
                  {"birth_date", "1980年5月12日"},
                  {"title", "主任医师"},
                  {"employer", "天津医科大学肿瘤医院"},
                  {"specialties", "肿瘤外科、肿瘤内科"},
                  {"member_type", "专业会员"},
                  {"member_number", "HX002026000123"},
                  {"certificate_number", number},
                  {"valid_from", "2026年11月22日"},
                  {"valid_until", "2030年11月21日"},
                  {"issued_on", "2026年11月22日"},
                  {"photo_href", photo_uri},
                  {"qr_code_href", documents::data_uri("image/png", documents::qr_png(url))}});
    bytes = documents::pdf_from_svg(filled, "会员证书 " + number).size();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%.1f %.2f %zu\n", count / seconds, 1000 * seconds / count, bytes);
  return 0;
}

int seed(const std::string& url, const std::string& key_file, const std::string& public_url) {
  auto db = db::Database::open(db::DatabaseUrl::parse(url));
  auto keys = std::make_shared<const privacy::KeyRing>(privacy::KeyRing::load_or_create(key_file));
  const long long now = core::SystemClock{}.now_ms();
  workflow::MembershipRow m;
  m.id = "01BENCHMEMBERSHIP000000001";
  m.tenant = "med";
  m.realm = "med";
  m.account_id = "01BENCHACCOUNT000000000001";
  m.member_type = "professional";
  m.member_number = "HX002026999999";
  m.status = "active";
  m.application_id = "01BENCHAPPLICATION00000001";
  m.valid_from = now;
  m.created_at = now;
  m.updated_at = now;
  certificates::CertificateRow c;
  c.id = "01BENCHCERTIFICATE00000001";
  c.tenant = "med";
  c.number = "MED2026999999";
  c.account_id = m.account_id;
  c.membership_id = m.id;
  c.member_type = m.member_type;
  c.template_path = "certificates/medical-member.svg";
  c.template_version = "bench";
  c.issued_on = "20261122";
  c.issued_at = now;
  c.issued_by = m.account_id;
  c.status = "active";
  c.printed_json = R"([{"key":"name","label":"姓名","text":"张三丰","photo":false}])";
  c.pdf_key = "none";
  c.updated_at = now;
  db->transaction([&](soci::session& tx) {
    workflow::ApplicationStore{}.insert_membership(tx, m);
    certificates::CertificateStore{}.insert(tx, c);
  });
  tenancy::TenantRegistry registry;
  const certificates::CertificateService service(*db, registry, keys, nullptr, core::SystemClock{},
                                                 "", public_url, {});
  std::cout << service.verification_url(c.tenant, c.number, c.issued_on) << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "render" && argc >= 4) {
    return render(argv[2], argv[3], argc > 4 ? std::stoi(argv[4]) : 200);
  }
  if (mode == "seed" && argc == 5) {
    return seed(argv[2], argv[3], argv[4]);
  }
  std::cerr << "usage: bench_certificates render <templates-dir> <photo.jpg> [count]\n"
               "       bench_certificates seed <database-url> <key-file> <public-url>\n";
  return 2;
}

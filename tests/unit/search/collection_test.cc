// The stub files a Collection reads: which shards their lines name, and the lines refused.
#include "search/collection.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/error.h"

namespace folio {
namespace {

TEST(StubTest, NamesLocalAndRemoteShards) {
  const std::vector<StubShard> shards = parse_stub(
      "auto shard-0\n# a comment\n\nglass /abs/shard-1\nremote 127.0.0.1:4001\n"
      "remote [::1]:4002\nremote :xapian-progsrv /srv/db\n",
      "/index", "stub");
  ASSERT_EQ(shards.size(), 5u);
  EXPECT_EQ(shards[0].local, "/index/shard-0");
  EXPECT_EQ(shards[1].local, "/abs/shard-1");
  EXPECT_EQ(shards[2].host, "127.0.0.1");
  EXPECT_EQ(shards[2].port, 4001u);
  EXPECT_EQ(shards[2].name, "remote 127.0.0.1:4001");
  EXPECT_EQ(shards[3].host, "[::1]");
  EXPECT_EQ(shards[3].port, 4002u);
  EXPECT_EQ(shards[4].program, "xapian-progsrv");
  EXPECT_EQ(shards[4].args, "/srv/db");
  EXPECT_EQ(shards[4].name, "remote :xapian-progsrv /srv/db");
}

// Found by the stub fuzz target: "remote :" gave a shard with neither host nor program, and a
// port past 65535 (or "-1", which std::stoul took) wrapped round to another port.
TEST(StubTest, RefusesRemoteLinesWithoutProgramOrValidPort) {
  struct Case {
    const char* line;
    const char* message;
  };
  for (const Case& c :
       {Case{"remote : :xapian-tcpsrv", "names no program"},
        Case{"remote host:4294971297", "has no port number"},
        Case{"remote host:-1", "has no port number"},
        Case{"remote host:65536", "has no port number"},
        Case{"remote host:0", "has no port number"}, Case{"remote host:40x", "has no port number"},
        Case{"remote host:", "has no port number"}, Case{"remote host", "is not HOST:PORT"}}) {
    try {
      parse_stub(c.line, "/index", "s");
      ADD_FAILURE() << c.line;
    } catch (const IndexError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos)
          << c.line << ": " << e.what();
    }
  }
  EXPECT_EQ(parse_stub("remote host:65535", "/index", "s").at(0).port, 65535u);
}

}  // namespace
}  // namespace folio

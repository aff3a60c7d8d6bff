#!/usr/bin/env bash
# The benchmark's peer: the stock ASP.NET Core Identity template (`dotnet new webapp --auth
# Individual`: Razor Pages, individual accounts, the default Identity UI) as the installed SDK
# generates it, changed only where the benchmark needs it:
#   - EF Core on PostgreSQL through Npgsql instead of SQLite (the packages pinned in
#     Directory.Packages.props; the template's SQLite migrations are dropped and the schema is
#     created from the model by `dotnet Peer.dll --create-schema`),
#   - PBKDF2 at the portal's 210,000 iterations (PasswordHasherOptions.IterationCount; the template
#     keeps Identity's default),
# and nothing else: same middleware, same pages, same logging as a team would start from.
#   bench/peer.sh OUT_DIR CONFIGURATION   generates (once per SDK and script version), builds or
#                                         publishes it, and prints the path of Peer.dll
# The project lives under OUT_DIR (in .data/bench, never committed, outside Portal.sln); empty
# Directory.Build.props / Directory.Packages.props stop it from inheriting the portal's build rules.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?output directory}"
configuration="${2:-Release}"
src="$out/src"

pin() {
  sed -n "s/.*Include=\"$1\" Version=\"\([^\"]*\)\".*/\1/p" "$ROOT/Directory.Packages.props" | head -n 1
}
identity_version="$(pin Microsoft.AspNetCore.Identity.EntityFrameworkCore)"
npgsql_version="$(pin Npgsql.EntityFrameworkCore.PostgreSQL)"
stamp="sdk $(dotnet --version) identity $identity_version npgsql $npgsql_version script $(md5sum "${BASH_SOURCE[0]}" | cut -c1-12)"

if [ ! -f "$src/.generated" ] || [ "$(cat "$src/.generated")" != "$stamp" ]; then
  echo "[peer] generating the stock Identity template ($stamp)" >&2
  rm -rf "$src"
  mkdir -p "$src"
  (cd "$src" && dotnet new webapp --auth Individual --name Peer --output . --no-restore >/dev/null)
  rm -rf "$src/Data/Migrations" "$src/app.db"
  echo '<Project />' >"$src/Directory.Build.props"
  echo '<Project />' >"$src/Directory.Build.targets"
  echo '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>' \
    >"$src/Directory.Packages.props"
  # The template's packages at the portal's pins; Npgsql for SQLite; no design-time tools.
  sed -i \
    -e '/Microsoft.EntityFrameworkCore.Sqlite/d' \
    -e '/Microsoft.EntityFrameworkCore.Design/d' \
    -e '/Microsoft.EntityFrameworkCore.Tools/d' \
    -e '/app.db/d' \
    -e "s/\(Include=\"Microsoft.AspNetCore[^\"]*\" Version=\"\)[^\"]*/\1$identity_version/" \
    -e "s#\(<PackageReference Include=\"Microsoft.AspNetCore.Identity.UI\"[^>]*>\)#\1\n    <PackageReference Include=\"Npgsql.EntityFrameworkCore.PostgreSQL\" Version=\"$npgsql_version\" />#" \
    "$src/Peer.csproj"
  grep -q Npgsql.EntityFrameworkCore.PostgreSQL "$src/Peer.csproj" || { echo "[peer] could not patch Peer.csproj" >&2; exit 1; }
  grep -q 'options.UseSqlite(connectionString)' "$src/Program.cs" || { echo "[peer] the template's Program.cs changed" >&2; exit 1; }
  sed -i \
    -e 's/options.UseSqlite(connectionString)/options.UseNpgsql(connectionString)/' \
    -e 's/^builder.Services.AddRazorPages();/builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 210_000);\n&/' \
    -e 's/^var app = builder.Build();/&\n\nif (args.Contains("--create-schema"))\n{\n    using var scope = app.Services.CreateScope();\n    scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.EnsureCreated();\n    return;\n}/' \
    "$src/Program.cs"
  grep -q 'IterationCount = 210_000' "$src/Program.cs" && grep -q -- '--create-schema' "$src/Program.cs" \
    || { echo "[peer] could not patch Program.cs" >&2; exit 1; }
  echo "$stamp" >"$src/.generated"
fi

if [ "$configuration" = Release ]; then
  # Published as `dotnet publish -c Release` leaves it (no ReadyToRun: the template does not ask for it).
  dotnet publish "$src/Peer.csproj" -c Release -o "$out/app" --nologo -v q -clp:NoSummary >&2
  echo "$out/app/Peer.dll"
else
  dotnet build "$src/Peer.csproj" -c "$configuration" --nologo -v q -clp:NoSummary >&2
  echo "$src/bin/$configuration/net10.0/Peer.dll"
fi

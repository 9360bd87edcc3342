using FastEndpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Security;

/// <summary>Every endpoint the app maps must have a written access decision here, and must behave as
/// written: no key -> 401 unless public, revoked key -> 401, a role outside its set -> 403, a role inside
/// -> anything but 401/403. A new endpoint without a row fails <see cref="EveryMappedEndpoint_HasAWrittenDecision"/>.</summary>
public sealed class AuthorizationCoverageTests : ApiTestBase
{
    private const string Public = "public";

    // Anonymous callers pass the door but must show the registration's manage token: without one, 401.
    private const string Attendee = "attendee";

    // Roles as in ../shared/design/api.md; "public" means anonymous callers are let in (the endpoint may
    // still apply its own checks, e.g. an attendee's registration token).
    private static readonly Dictionary<string, string[]> Decisions = new()
    {
        ["GET /health"] = [Public],
        ["GET /health/live"] = [Public],
        ["GET /health/ready"] = [Public],
        ["GET /problems"] = [Public],
        ["GET /problems/{code}"] = [Public],
        ["POST /api-keys"] = ["admin"],
        ["GET /api-keys"] = ["admin"],
        ["DELETE /api-keys/{id}"] = ["admin"],
        ["POST /hospitals"] = ["admin", "organiser"],
        ["GET /hospitals"] = ["admin", "organiser"],
        ["GET /hospitals/{id}"] = ["admin", "organiser"],
        ["PUT /hospitals/{id}"] = ["admin", "organiser"],
        ["DELETE /hospitals/{id}"] = ["admin", "organiser"],
        ["POST /faculty"] = ["admin", "organiser"],
        ["GET /faculty"] = ["admin", "organiser"],
        ["GET /faculty/{id}"] = ["admin", "organiser"],
        ["PUT /faculty/{id}"] = ["admin", "organiser"],
        ["DELETE /faculty/{id}"] = ["admin", "organiser"],
        ["POST /meetings"] = ["admin", "organiser"],
        ["GET /meetings"] = [Public],
        ["GET /meetings/{id}"] = [Public],
        ["PATCH /meetings/{id}"] = ["admin", "organiser"],
        ["DELETE /meetings/{id}"] = ["admin", "organiser"],
        ["POST /meetings/{id}/publish"] = ["admin", "organiser"],
        ["POST /meetings/{id}/cancel"] = ["admin", "organiser"],
        ["POST /meetings/{id}/complete"] = ["admin", "organiser"],
        ["POST /webhooks"] = ["admin"],
        ["GET /webhooks"] = ["admin"],
        ["GET /webhooks/{id}"] = ["admin"],
        ["DELETE /webhooks/{id}"] = ["admin"],
        ["GET /webhooks/{id}/deliveries"] = ["admin"],
        ["POST /webhooks/{id}/deliveries/{deliveryId}/redeliver"] = ["admin"],
        ["GET /changes"] = ["admin", "organiser", "integration"],
        ["POST /meetings/{id}/slots"] = ["admin", "organiser"],
        ["GET /meetings/{id}/slots"] = ["admin", "organiser"],
        ["GET /meetings/{id}/slots/{slotId}"] = ["admin", "organiser"],
        ["PATCH /meetings/{id}/slots/{slotId}"] = ["admin", "organiser"],
        ["DELETE /meetings/{id}/slots/{slotId}"] = ["admin", "organiser"],
        ["POST /meetings/{id}/slots/{slotId}/status"] = ["admin", "organiser"],
        ["GET /meetings/{id}/programme"] = [Public],
        ["GET /meetings/{id}/live"] = [Public],
        ["GET /meetings/{id}/calendar.ics"] = [Public],
        ["GET /series/{series}/calendar.ics"] = [Public],
        ["POST /meetings/{id}/registrations"] = [Public],
        ["GET /meetings/{id}/registrations"] = ["admin", "organiser", "integration"],
        ["GET /meetings/{id}/registrations/summary"] = ["admin", "organiser"],
        ["GET /registrations/{id}"] = [Attendee, "admin", "organiser", "integration"],
        ["POST /registrations/{id}/cancel"] = [Attendee, "admin", "organiser", "integration"],
        ["POST /registrations/{id}/switch-mode"] = [Attendee, "admin", "organiser", "integration"],
        // The alliance (organisers) decides on erasure requests; integrations forward them, attendees cancel and ask.
        ["POST /registrations/{id}/erase"] = ["admin", "organiser"],
        ["POST /meetings/{id}/check-ins"] = ["admin", "organiser", "check_in"],
        ["POST /meetings/{id}/registrations/resend-link"] = [Public],
        ["GET /registrations/{id}/messages"] = ["admin", "organiser", "integration"],
        ["POST /registrations/{id}/messages/{messageId}/retry"] = ["admin", "organiser"],
        ["PUT /meetings/{id}/accreditation"] = ["admin", "organiser"],
        ["GET /meetings/{id}/accreditation"] = ["admin", "organiser"],
        ["POST /meetings/{id}/attendance/scans"] = ["admin", "organiser", "check_in"],
        ["GET /j/{registrationId}"] = [Attendee],
        ["POST /registrations/{id}/attendance/heartbeats"] = [Attendee],
        ["POST /registrations/{id}/attendance/adjustments"] = ["admin", "organiser"],
        ["GET /meetings/{id}/attendance"] = ["admin", "organiser", "integration"],
        ["GET /registrations/{id}/attendance"] = ["admin", "organiser", "integration"],
        ["POST /meetings/{id}/certificates"] = ["admin", "organiser"],
        ["GET /certificates/{serial}.pdf"] = [Attendee, "admin", "organiser"],
        ["GET /certificate-verifications/{code}"] = [Public],
        ["GET /certificates/verify/{code}"] = [Public],
        ["POST /certificates/{serial}/revoke"] = ["admin", "organiser"],
        ["GET /meetings/{id}/cme-report"] = ["admin", "organiser", "integration"],
    };

    private static readonly string[] KeyRoles = ["admin", "organiser", "integration", "check_in"];

    private IReadOnlyList<(string Verb, string Route)> MappedEndpoints() =>
        Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Definition: e.Metadata.GetMetadata<EndpointDefinition>()))
            .Where(x => x.Definition is not null)
            .SelectMany(x => x.Definition!.Verbs.Select(v => (v, "/" + x.Endpoint.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .ToList();

    [Test]
    public void EveryMappedEndpoint_HasAWrittenDecision()
    {
        var mapped = MappedEndpoints().Select(e => $"{e.Verb} {e.Route}").ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(mapped.Except(Decisions.Keys), Is.Empty, "Endpoints without an access decision in this test");
            Assert.That(Decisions.Keys.Except(mapped), Is.Empty, "Decisions for endpoints that no longer exist");
        });
    }

    [Test]
    public void AnonymousEndpoints_EqualTheAllowlist()
    {
        var anonymous = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<EndpointDefinition>())
            .Where(d => d is not null && d.AnonymousVerbs is { Length: > 0 })
            .SelectMany(d => d!.AnonymousVerbs!.Intersect(d.Verbs).Select(v => $"{v} /{d.Routes[0].TrimStart('/')}"))
            .ToHashSet();

        Assert.That(anonymous, Is.EquivalentTo(Decisions.Where(d => d.Value.Contains(Public) || d.Value.Contains(Attendee)).Select(d => d.Key)));
    }

    [Test]
    public async Task EveryEndpoint_AnswersAsItsDecisionSays()
    {
        var revoked = await Json(await Admin.PostAsJsonAsync("/api-keys", new { name = "to revoke", role = "admin" }));
        await Expect(await Admin.DeleteAsync($"/api-keys/{revoked["id"]}"), HttpStatusCode.NoContent);
        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = Anonymous,
            ["revoked"] = Factory.ClientWithKey(revoked["key"]!.GetValue<string>()),
            ["admin"] = Admin,
            ["organiser"] = Organiser,
            ["integration"] = await ClientForRoleAsync("integration", await CreateHospitalAsync()),
            ["check_in"] = await ClientForRoleAsync("check_in"),
        };

        var failures = new List<string>();
        foreach (var (verb, route) in MappedEndpoints())
        {
            var decision = Decisions.GetValueOrDefault($"{verb} {route}") ?? [];
            // Unknown ids: an allowed caller gets 404/400, never 401/403; nothing is changed.
            var url = System.Text.RegularExpressions.Regex.Replace(route, "{[^}]+}", Guid.NewGuid().ToString());
            foreach (var (who, client) in clients)
            {
                using var request = new HttpRequestMessage(new HttpMethod(verb), url);
                if (verb is "POST" or "PUT" or "PATCH")
                {
                    request.Content = RawJson("{}");
                }

                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = who switch
                {
                    "revoked" => "401",
                    "anonymous" => decision.Contains(Public) ? "not 401/403" : "401",
                    _ => decision.Contains(Public) || decision.Contains(who) ? "not 401/403" : "403",
                };
                var ok = expected switch
                {
                    "401" => status == 401,
                    "403" => status == 403,
                    _ => status is not (401 or 403) && status < 500,
                };
                if (!ok)
                {
                    failures.Add($"{verb} {route} as {who}: expected {expected}, got {status}");
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }
}

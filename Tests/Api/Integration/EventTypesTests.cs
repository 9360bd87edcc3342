using System.Text.RegularExpressions;
using EventScheduler.Api.Integration;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Integration;

/// <summary>Every event type the service can emit is one of <see cref="ChangeTypes"/> (the change log refuses
/// any other), and a webhook can subscribe to each of them and to each pattern.</summary>
public sealed class EventTypesTests : IntegrationTestBase
{
    private static IEnumerable<string> Emitted => ChangeTypes.All;

    private static IEnumerable<string> Patterns => EventTypes.Patterns;

    [TestCaseSource(nameof(Emitted))]
    public async Task Subscribe_ToEachEmittedType_Returns201(string type)
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url = Receiver.Url + NewPath(), eventTypes = new[] { type } });

        await Expect(response, HttpStatusCode.Created);
        Assert.That((await Json(response))["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { type }));
    }

    [TestCaseSource(nameof(Patterns))]
    public async Task Subscribe_ToEachPattern_Returns201(string pattern)
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url = Receiver.Url + NewPath(), eventTypes = new[] { pattern } });

        await Expect(response, HttpStatusCode.Created);
    }

    /// <summary>Where the code records a change, the type is one of the constants: a literal such as
    /// "message.failed" written beside <c>new Change(</c> would bypass the list the contract and subscriptions use.</summary>
    [Test]
    public void RecordedChanges_InApiSource_NameTheirTypeByConstant()
    {
        var literal = new Regex("\"[a-z_]+\\.[a-z_]+\"");
        var offenders = Directory.EnumerateFiles(Path.Combine(RepoRoot(), "Api"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("new Change(", StringComparison.Ordinal) && literal.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.That(offenders, Is.Empty, "use a ChangeTypes constant");
    }

    /// <summary>The committed contract lists exactly the emitted types on every event-type field, and the
    /// subscription vocabulary (types, patterns, "*") on the webhook's.</summary>
    [Test]
    public void Contract_EventTypeEnums_AreTheEmittedTypes()
    {
        var schemas = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "openapi.json")))!["components"]!["schemas"]!;
        static string[] Values(JsonNode? node) => node!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(Values(schemas["ChangeEvent"]!["properties"]!["type"]), Is.EqualTo(ChangeTypes.All));
            Assert.That(Values(schemas["ChangeEvent"]!["properties"]!["entity"]), Is.EqualTo(ChangeTypes.Entities));
            Assert.That(Values(schemas["DeliveryResponse"]!["properties"]!["eventType"]), Is.EqualTo(ChangeTypes.All));
            Assert.That(Values(schemas["WebhookResponse"]!["properties"]!["eventTypes"]!["items"]), Is.EqualTo(EventTypes.Patterns));
        });
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventScheduler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (EventScheduler.sln) not found.");
    }

    [Test]
    public void All_IsTheConstantsInDeclarationOrderWithoutDuplicates()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ChangeTypes.All, Is.Unique);
            Assert.That(ChangeTypes.All, Has.All.Match("^[a-z]+(_[a-z]+)*\\.[a-z]+(_[a-z]+)*$"));
            Assert.That(ChangeTypes.All[0], Is.EqualTo(ChangeTypes.MeetingCreated));
            Assert.That(ChangeTypes.All, Does.Contain(ChangeTypes.SlotPublished));
        });
    }

    [Test]
    public void Record_WhenTypeIsNotInTheList_RefusesAndRecordsNothing()
    {
        var db = Factory.Services.GetRequiredService<Database>();
        const string type = "meeting.renamed";

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => db.WriteAsync(async (c, tx) =>
        {
            await ChangeLog.RecordAsync(c, tx, new Change("meeting", Guid.NewGuid().ToString(), type, 1, null, null, new { }), Factory.Clock.GetUtcNow(),
                CancellationToken.None);
            return 0;
        }, CancellationToken.None));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Message, Does.Contain(type).And.Contain(nameof(ChangeTypes)));
            Assert.That(await CountAsync(db, type), Is.Zero);
        });
    }

    [TestCase("meeting.renamed")]
    [TestCase("messages.*")]
    public async Task Subscribe_WhenTypeIsNotEmitted_Returns400ListingTheKnownOnes(string type)
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url = Receiver.Url + NewPath(), eventTypes = new[] { type } });

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.ToJsonString(), Does.Contain(ChangeTypes.SlotPublished).And.Contain("meeting.*"));
    }

    private static Task<long> CountAsync(Database db, string type) =>
        // Through Dapper, so the count runs on either provider (ES_TEST_PROVIDER=postgres).
        db.ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT COUNT(*) FROM changes WHERE type = @type", new { type }), CancellationToken.None);
}

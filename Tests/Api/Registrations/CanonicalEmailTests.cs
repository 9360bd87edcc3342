using Dapper;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Issue 11, item 5: with zhang.wei@example.cn registered, none of its other spellings is a new registration;
/// rows stored before the canonical form get it from the start-up back-fill.</summary>
public sealed class CanonicalEmailTests : RegistrationTestBase
{
    private const string InsertOldRowSql = """
        INSERT INTO registrations (id, meeting_id, seq, full_name, email, email_normalised, phone, hospital_name, job_title,
            specialty, mode, status, check_in_code, manage_token_hash, created_at, updated_at, version)
        VALUES (@Id, @MeetingId, @Seq, 'Zhang Wei', @Email, @OldKey, NULL, 'Ankang Central Hospital', 'Attending surgeon',
            'Hepatobiliary surgery', 'in_person', 'confirmed', NULL, @Hash, 1700000000000, 1700000000000, 1)
        """;

    [TestCase("ｚｈａｎｇ.wei@example.cn", TestName = "SignUp_WhenFullwidthSpellingOfARegisteredEmail_Returns409AlreadyRegistered")]
    [TestCase("\"zhang.wei\"@example.cn", TestName = "SignUp_WhenQuotedSpellingOfARegisteredEmail_Returns409AlreadyRegistered")]
    [TestCase("Zhang.Wei@EXAMPLE.CN", TestName = "SignUp_WhenUpperCaseSpellingOfARegisteredEmail_Returns409AlreadyRegistered")]
    public async Task SignUp_WhenAnotherSpellingOfARegisteredEmail_Returns409(string spelling)
    {
        var meeting = await CreateOpenMeetingAsync();
        await SignUpAsync(meeting, email: "zhang.wei@example.cn");

        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, SignUpBody(email: spelling)), HttpStatusCode.Conflict, "already_registered");
        Assert.That(await ListAllAsync(meeting), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SignUp_WhenIdnDomainBesideItsPunycode_Returns409AlreadyRegistered()
    {
        var meeting = await CreateOpenMeetingAsync();
        await SignUpAsync(meeting, email: "zhang.wei@xn--fsqu00a.xn--fiqs8s");

        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, SignUpBody(email: "zhang.wei@例子.中国")), HttpStatusCode.Conflict, "already_registered");
    }

    [TestCase("zhang\u200B.wei@example.cn", TestName = "SignUp_WhenZeroWidthSpace_Returns400AndRegistersNobody")]
    [TestCase("zhang\u00AD.wei@example.cn", TestName = "SignUp_WhenSoftHyphen_Returns400AndRegistersNobody")]
    public async Task SignUp_WhenInvisibleCharacter_Returns400(string spelling)
    {
        var meeting = await CreateOpenMeetingAsync();
        await SignUpAsync(meeting, email: "zhang.wei@example.cn");

        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, SignUpBody(email: spelling)), HttpStatusCode.BadRequest, "email_invisible_character");
        Assert.That(await ListAllAsync(meeting), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SignUp_WhenSubAddressOfARegisteredEmail_IsANewRegistration()
    {
        var meeting = await CreateOpenMeetingAsync();
        await SignUpAsync(meeting, email: "zhang.wei@example.cn");

        await Expect(await PostSignUpAsync(Anonymous, meeting, SignUpBody(email: "zhang.wei+cme@example.cn")), HttpStatusCode.Created);
    }

    [Test]
    public async Task Get_AfterSigningUpWithFullwidthLetters_ShowsTheAddressAsTyped()
    {
        var meeting = await CreateOpenMeetingAsync();
        var created = await Json(await PostSignUpAsync(Organiser, meeting, SignUpBody(email: "ｚｈａｎｇ.wei@example.cn")));

        Assert.That((await GetAsOrganiserAsync(Id(created)))["email"]!.GetValue<string>(), Is.EqualTo("ｚｈａｎｇ.wei@example.cn"));
    }

    [Test]
    public async Task Backfill_WhenARowWasStoredWithTheOldKey_GivesItTheCanonicalForm()
    {
        var meeting = await CreateOpenMeetingAsync();
        var id = await InsertOldRowAsync(meeting, 1, "ｚｈａｎｇ.wei@Example.cn");

        await RunBackfillAsync();

        Assert.That(await KeyOfAsync(id), Is.EqualTo("zhang.wei@example.cn"));
        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, SignUpBody(email: "zhang.wei@example.cn")), HttpStatusCode.Conflict, "already_registered");
    }

    [Test]
    public async Task Backfill_WhenTwoActiveRowsAreOneMailbox_KeepsBothAndChangesOnlyTheFirst()
    {
        var meeting = await CreateOpenMeetingAsync();
        var first = await InsertOldRowAsync(meeting, 1, "zhang.wei@example.cn", oldKey: "zhang.wei@example.cn");
        var second = await InsertOldRowAsync(meeting, 2, "\"zhang.wei\"@example.cn");

        await RunBackfillAsync();

        Assert.That((await KeyOfAsync(first), await KeyOfAsync(second)), Is.EqualTo(("zhang.wei@example.cn", "\"zhang.wei\"@example.cn")),
            "the second would clash with the first: both stay active, the second with its old key");
    }

    [Test]
    public async Task Backfill_WhenAlreadyDone_DoesNothing()
    {
        var meeting = await CreateOpenMeetingAsync();
        await InsertOldRowAsync(meeting, 1, "ｚｈａｎｇ.wei@example.cn");
        await RunBackfillAsync();
        var later = await InsertOldRowAsync(meeting, 2, "Ｌｉ.yu@example.cn");

        await EmailCanonicalBackfill.RunAsync(Db, TimeProvider.System, NullLogger.Instance, CancellationToken.None);

        Assert.That(await KeyOfAsync(later), Is.EqualTo("ｌｉ.yu@example.cn"), "a finished task does not run again");
    }

    private Database Db => Factory.Services.GetRequiredService<Database>();

    /// <summary>A row as the code before the canonical form wrote it: the key trimmed and lower-cased only.</summary>
    private async Task<Guid> InsertOldRowAsync(Guid meeting, int seq, string email, string? oldKey = null)
    {
        var id = Guid.NewGuid();
        await Db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(InsertOldRowSql, new
        {
            Id = id.ToString(), MeetingId = meeting.ToString(), Seq = seq, Email = email, OldKey = oldKey ?? email.Trim().ToLowerInvariant(), Hash = new string('0', 64),
        }, tx)), CancellationToken.None);
        return id;
    }

    private Task<string> KeyOfAsync(Guid id) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<string>("SELECT email_normalised FROM registrations WHERE id = @Id", new { Id = id.ToString() }), CancellationToken.None)!;

    private async Task<int> RunBackfillAsync()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("UPDATE maintenance_tasks SET done_at = NULL WHERE name = @Name",
            new { Name = EmailCanonicalBackfill.TaskName }, tx)), CancellationToken.None);
        return await EmailCanonicalBackfill.RunAsync(Db, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
    }
}

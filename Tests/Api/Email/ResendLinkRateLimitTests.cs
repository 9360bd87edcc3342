namespace EventScheduler.Tests.Api.Email;

/// <summary>POST …/resend-link with rate limiting on: one client address may ask Email:ResendLinkPerAddress times a
/// window, whatever addresses it asks for (own fixture: the limiter is per application). The test clock stands still,
/// so the whole test is one window.</summary>
public sealed class ResendLinkAddressLimitTests : MailTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>(SmtpSettings(Smtp.Port))
    {
        ["RateLimiting:Enabled"] = "true",
        ["Email:ResendLinkPerAddress:PermitLimit"] = "3",
    };

    [Test]
    public async Task ResendLink_BeyondTheClientAddressBudget_Is429AndMailsNothing()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var registration = await SignUpAsync(meeting, "online", email);
        for (var i = 0; i < 3; i++)
        {
            // Three different addresses, known or not: the budget is the client address's.
            await Expect(await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email = Email() }), HttpStatusCode.Accepted);
        }

        var refused = await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email });

        await ExpectProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        var items = (await MessagesAsync(Id(registration)))["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(refused.Headers.RetryAfter, Is.Not.Null, "Retry-After on the 429");
            Assert.That(items.Select(m => m!["kind"]!.GetValue<string>()), Has.None.EqualTo("manage_link"), "the refused request recorded no mail");
        });
    }
}

/// <summary>POST …/resend-link with rate limiting on: one e-mail address may be asked for RateLimiting:PerEmail times a
/// window (a budget of its own, apart from sign-ups), from any client address, and the answer is the same whether it is
/// registered. The database's cap on link mails per registration is set above it here, so the limiter alone decides.</summary>
public sealed class ResendLinkEmailLimitTests : MailTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>(SmtpSettings(Smtp.Port))
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:PerEmail:PermitLimit"] = "3",
        ["Email:ResendLinkPerAddress:PermitLimit"] = "100",
        ["Email:ResendLinkPerEmail:PermitLimit"] = "10",
    };

    [Test]
    public async Task ResendLink_BeyondTheEmailBudget_Is429AndMailsNoMore()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var registration = await SignUpAsync(meeting, "online", email);
        for (var i = 0; i < 3; i++)
        {
            await Expect(await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email }), HttpStatusCode.Accepted);
        }

        var refused = await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email = email.ToUpperInvariant() });

        await ExpectProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        var items = (await MessagesAsync(Id(registration)))["items"]!.AsArray();
        Assert.That(items.Count(m => m!["kind"]!.GetValue<string>() == "manage_link"), Is.EqualTo(3), "the three accepted requests, not the refused one");
    }

    [Test]
    public async Task ResendLink_ForAnUnregisteredEmailBeyondItsBudget_IsRefusedAlike()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        for (var i = 0; i < 3; i++)
        {
            await Expect(await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email }), HttpStatusCode.Accepted);
        }

        // The same 429 as for a registered address: the limit tells nobody whether the address is registered.
        await ExpectProblem(await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email }),
            HttpStatusCode.TooManyRequests, "rate_limited");
    }
}

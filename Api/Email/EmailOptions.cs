namespace EventScheduler.Api.Email;

/// <summary>How the mail worker connects: <c>none</c> (plain, e.g. a local relay or smtp4dev), <c>starttls</c>
/// (upgrade on the submission port, usually 587) or <c>ssl</c> (TLS from the first byte, usually 465).</summary>
public enum SmtpSecurity
{
    None,
    StartTls,
    Ssl,
}

/// <summary>Configuration section <c>Email:Smtp</c>. Without <see cref="Host"/> messages are written as .eml files.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>Per connection and command; a message that takes longer counts as a failed attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Configuration section <c>Email</c>. TimeSpans are written "d.hh:mm:ss".</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>False records and sends nothing (benchmarks, or a deployment that mails by other means).</summary>
    public bool Enabled { get; set; } = true;

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The sender, e.g. "Alliance office &lt;noreply@alliance.example.cn&gt;".</summary>
    public string From { get; set; } = "EventScheduler <noreply@eventscheduler.localhost>";

    /// <summary>The reminder goes out this long before a meeting starts (at once to one who registers later).</summary>
    public TimeSpan ReminderLeadTime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>First retry after a failed attempt; doubles with each further failure, with ±25 % jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A message still not accepted this long after it was due is marked failed.</summary>
    public TimeSpan MaxRetryAge { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long the manage link in a mail keeps working.</summary>
    public TimeSpan ManageLinkLifetime { get; set; } = TimeSpan.FromDays(180);

    /// <summary>How often the worker looks for due messages and reminders when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages claimed (and sent over one SMTP connection) per round.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Folder for .eml files when no SMTP host is set; relative paths are under the database's folder.</summary>
    public string PickupDirectory { get; set; } = "mail";

    /// <summary>Manage-link mails (POST …/resend-link) one registration may get per window.</summary>
    public Infrastructure.WindowLimit ResendLinkPerEmail { get; set; } = new() { PermitLimit = 3, Window = TimeSpan.FromHours(1) };

    /// <summary>Link requests one client address may make per window (when RateLimiting:Enabled).</summary>
    public Infrastructure.WindowLimit ResendLinkPerAddress { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>Sent, failed and skipped messages are deleted this long after they were created.</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(90);
}

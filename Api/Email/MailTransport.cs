using MimeKit;

namespace EventScheduler.Api.Email;

/// <summary>How an attempt ended when it did not end in acceptance.</summary>
public enum SendFailure
{
    /// <summary>Not accepted, may succeed later (server unreachable, 4xx, timeout before the message went out).</summary>
    Transient,

    /// <summary>Refused for good (5xx).</summary>
    Permanent,

    /// <summary>The connection broke after the server had taken the recipients: it may have the message. Not retried
    /// by itself, so a message is never delivered twice.</summary>
    InDoubt,
}

public sealed class MailSendException(SendFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public SendFailure Failure { get; } = failure;
}

/// <summary>Where messages go: an SMTP server, or a folder of .eml files when none is configured.</summary>
public interface IMailTransport
{
    /// <summary>For the start-up log line: where messages go.</summary>
    string Description { get; }

    /// <summary>Opens a session (for SMTP: connects, says EHLO, authenticates). Throws <see cref="MailSendException"/>.</summary>
    Task<IMailSession> OpenAsync(CancellationToken ct);
}

public interface IMailSession : IAsyncDisposable
{
    /// <summary>Returns once the server accepted the message. Throws <see cref="MailSendException"/>.</summary>
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

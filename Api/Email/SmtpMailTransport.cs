using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace EventScheduler.Api.Email;

/// <summary>Sends through an SMTP server with MailKit: one connection per worker round, several messages on it.</summary>
public sealed class SmtpMailTransport(SmtpOptions options) : IMailTransport
{
    public string Description => $"SMTP server {options.Host}:{options.Port} ({options.Security.ToString().ToLowerInvariant()})";

    public async Task<IMailSession> OpenAsync(CancellationToken ct)
    {
        var client = await ConnectAsync(ct);
        var utf8 = (client.Capabilities & SmtpCapabilities.UTF8) != 0;
        // With SMTPUTF8 on, MailKit writes IDN domains in the envelope as Unicode (U-labels), even when the address
        // was given in punycode; off, it sends the ASCII form EmailAddress.ForDelivery made, which every server and
        // relay on the way delivers. Only a non-ASCII local part needs SMTPUTF8 (see Session.SendAsync).
        client.Capabilities &= ~SmtpCapabilities.UTF8;
        return new Session(this, client, utf8);
    }

    /// <summary>Connects, says EHLO and authenticates; throws <see cref="MailSendException"/>.</summary>
    private async Task<TrackingSmtpClient> ConnectAsync(CancellationToken ct)
    {
        var client = new TrackingSmtpClient { Timeout = (int)Math.Clamp(options.Timeout.TotalMilliseconds, 1_000, int.MaxValue) };
        try
        {
            var security = options.Security switch
            {
                SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(options.Host ?? "localhost", options.Port, security, ct);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
            }

            return client;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            client.Dispose();
            throw ex switch
            {
                AuthenticationException => new MailSendException(SendFailure.Transient, $"SMTP authentication failed: {ex.Message}", ex),
                SmtpCommandException command => Classify(command),
                _ => new MailSendException(SendFailure.Transient, $"Could not connect to {options.Host}:{options.Port}: {Describe(ex)}", ex),
            };
        }
    }

    /// <summary>True when an address of the envelope has a non-ASCII local part, which only SMTPUTF8 (RFC 6531) carries.</summary>
    private static bool NeedsUtf8(MimeMessage message) =>
        message.From.Mailboxes.Concat(message.To.Mailboxes).Any(m => !m.LocalPart.All(char.IsAscii));

    private static MailSendException Classify(SmtpCommandException ex)
    {
        var code = (int)ex.StatusCode;
        return new MailSendException(code is >= 500 and < 600 ? SendFailure.Permanent : SendFailure.Transient, $"SMTP {code}: {ex.Message}".Trim(), ex);
    }

    private static string Describe(Exception ex) => ex switch
    {
        SocketException s => s.SocketErrorCode.ToString(),
        _ when ex.InnerException is SocketException s => s.SocketErrorCode.ToString(),
        _ => ex.Message,
    };

    private sealed class Session(SmtpMailTransport transport, TrackingSmtpClient client, bool serverHasUtf8) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            if (!NeedsUtf8(message))
            {
                // International = false: non-ASCII headers go as RFC 2047 encoded words, never raw UTF-8.
                await SendOnAsync(client, new FormatOptions { International = false }, message, ct);
                return;
            }

            if (!serverHasUtf8)
            {
                throw new MailSendException(SendFailure.Permanent,
                    "The recipient's address has a non-ASCII local part, and the SMTP server does not offer SMTPUTF8 (RFC 6531) to carry it.");
            }

            // Rare: a connection of its own with SMTPUTF8 left on (this session's has it off), and UTF-8 headers (RFC 6532).
            var international = await transport.ConnectAsync(ct);
            await using var _ = new Session(transport, international, serverHasUtf8: true);
            await SendOnAsync(international, new FormatOptions { International = true }, message, ct);
        }

        private static async Task SendOnAsync(TrackingSmtpClient on, FormatOptions format, MimeMessage message, CancellationToken ct)
        {
            on.RecipientsAccepted = false;
            try
            {
                await on.SendAsync(format, message, ct);
            }
            catch (SmtpCommandException ex)
            {
                // The server answered: whatever it said, it did not take the message.
                throw Classify(ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                throw on.RecipientsAccepted
                    ? new MailSendException(SendFailure.InDoubt, $"The connection broke while the message was being transferred ({Describe(ex)}); it may have been delivered.", ex)
                    : new MailSendException(SendFailure.Transient, $"The connection broke before the message was transferred: {Describe(ex)}", ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(true, quit.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or OperationCanceledException or ServiceNotConnectedException)
            {
                // Every message of the session is already settled; a failed QUIT changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Knows whether the server has accepted the recipients, i.e. whether the message text may be on its way.</summary>
    private sealed class TrackingSmtpClient : SmtpClient
    {
        public bool RecipientsAccepted { get; set; }

        protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            base.OnRecipientAccepted(message, mailbox, response);
            RecipientsAccepted = true;
        }
    }
}

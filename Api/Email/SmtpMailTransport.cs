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

            return new Session(client);
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

    private sealed class Session(TrackingSmtpClient client) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            client.RecipientsAccepted = false;
            try
            {
                // International = false: non-ASCII headers go as RFC 2047 encoded words, never raw UTF-8.
                await client.SendAsync(new FormatOptions { International = false }, message, ct);
            }
            catch (SmtpCommandException ex)
            {
                // The server answered: whatever it said, it did not take the message.
                throw Classify(ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                throw client.RecipientsAccepted
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

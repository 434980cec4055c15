package dev.kcemporix.auth.it.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server in the test JVM (GreenMail) on a free loopback port, started on first use and
 * stopped when the test JVM exits. Tests point a realm's SMTP settings at it, then read the e-mails
 * Keycloak sent and follow their links.
 */
public final class Mailbox {

    private static GreenMail smtp;
    private static int port;

    private Mailbox() {}

    public static synchronized GreenMail smtp() {
        if (smtp == null) {
            port = freePort();
            smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop, "stop-greenmail"));
        }
        return smtp;
    }

    /** The realm SMTP settings that send to this server. */
    public static Map<String, String> smtpSettings() {
        smtp();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", Integer.toString(port));
        settings.put("from", "shop@tests.example");
        settings.put("fromDisplayName", "Test shop");
        return settings;
    }

    /** One received e-mail, both parts. */
    public record Mail(String to, String subject, String html, String text) {
        /** The value of the {@code token} query parameter of the link in the mail. */
        public String token() {
            Matcher m = Pattern.compile("[?&]token=([A-Za-z0-9._%-]+)").matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("No token link in: " + text);
            }
            return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The link of the mail. */
        public String link() {
            Matcher m = Pattern.compile("(https?://\\S+token=[A-Za-z0-9._%-]+)").matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("No link in: " + text);
            }
            return m.group(1);
        }
    }

    /** The mails to {@code address} so far, oldest first. */
    public static List<Mail> to(String address) {
        return Arrays.stream(smtp().getReceivedMessages())
                .filter(m -> recipients(m).contains(address.toLowerCase()))
                .map(Mailbox::read)
                .toList();
    }

    /**
     * Waits up to {@code seconds} for the {@code n}-th mail to {@code address} (mails are sent
     * after the answer).
     */
    public static Mail await(String address, int n, int seconds) {
        return nth(() -> to(address), n, seconds, "mail", address);
    }

    /** The one-time link tokens mailed to {@code address} so far, oldest first (notices: none). */
    public static List<String> links(String address) {
        return to(address).stream()
                .filter(mail -> mail.text() != null && mail.text().contains("token="))
                .map(Mail::token)
                .toList();
    }

    /** Waits up to {@code seconds} for the {@code n}-th one-time link mailed to {@code address}. */
    public static String awaitLink(String address, int n, int seconds) {
        return nth(() -> links(address), n, seconds, "link", address);
    }

    /** Waits up to {@code seconds} until {@code sofar} holds {@code n} items; the {@code n}-th. */
    private static <T> T nth(
            Supplier<List<T>> sofar, int n, int seconds, String what, String address) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            List<T> items = sofar.get();
            if (items.size() >= n) {
                return items.get(n - 1);
            }
            sleep(100);
        }
        throw new AssertionError(
                "No "
                        + what
                        + " #"
                        + n
                        + " to "
                        + address
                        + " within "
                        + seconds
                        + " s; got "
                        + sofar.get().size());
    }

    private static String recipients(MimeMessage m) {
        try {
            return Arrays.toString(m.getAllRecipients()).toLowerCase();
        } catch (MessagingException e) {
            return "";
        }
    }

    private static Mail read(MimeMessage m) {
        try {
            String html = null;
            String text = null;
            if (m.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    String content =
                            part.getContent() instanceof Multipart inner
                                    ? GreenMailUtil.getBody(inner.getBodyPart(0))
                                    : part.getContent().toString();
                    if (part.isMimeType("text/html")) {
                        html = content;
                    } else if (part.isMimeType("text/plain")) {
                        text = content;
                    } else if (part.getContent() instanceof Multipart inner) {
                        for (int j = 0; j < inner.getCount(); j++) {
                            BodyPart p = inner.getBodyPart(j);
                            if (p.isMimeType("text/html")) {
                                html = p.getContent().toString();
                            } else if (p.isMimeType("text/plain")) {
                                text = p.getContent().toString();
                            }
                        }
                    }
                }
            } else {
                text = m.getContent().toString();
            }
            return new Mail(recipients(m), m.getSubject(), html, text);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.kcemporix.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How fast one core signs with the realm's access-token algorithm (RS256, 2048-bit key: the
 * realm's default), on a payload the size of an anonymous token's. The ceiling for anonymous logins.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmark {

    private Signature signer;
    private byte[] payload;

    @Setup
    public void setup() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        payload = new byte[600];
    }

    @Benchmark
    public byte[] rs256() throws Exception {
        signer.update(payload);
        return signer.sign();
    }
}

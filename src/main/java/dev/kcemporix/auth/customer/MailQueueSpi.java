package dev.kcemporix.auth.customer;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI of {@link MailQueue}: its options are {@code --spi-emporix-mail-queue--default--...}. */
public class MailQueueSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "emporix-mail-queue";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return MailQueue.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return MailQueueFactory.class;
    }
}

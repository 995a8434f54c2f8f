package org.safemerge.hibernate.internal.compat;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.SessionFactory;
import org.hibernate.Version;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hibernate generation SafeMerge runs on, chosen once from {@link Version#getVersionString()}, and the factories
 * whose SafeMerge integrators failed. The integrators never break the host's start: they report a failure here and
 * step aside, and every merge on such a factory (or on a Hibernate outside the supported range) then fails with
 * {@link MergeErrorCode#UNSUPPORTED_HIBERNATE_VERSION}.
 */
public final class HibernateSupport {
    private static final Logger log = LoggerFactory.getLogger(HibernateSupport.class);

    /** The supported range, as the README states it; every generation in it is tested. */
    public static final String SUPPORTED_RANGE = "Hibernate ORM 6.6 and 7.0 to 7.4";

    /**
     * Hibernate setting (or system property) that switches SafeMerge's integrators off: {@code false} leaves the
     * factory exactly as Hibernate builds it (no deletion firewall; the association graph is then built on first use
     * from the runtime model and the database catalog alone).
     */
    public static final String INTEGRATORS_ENABLED = "safemerge.integrators.enabled";

    private static final Map<SessionFactoryImplementor, Throwable> FAILED = Collections.synchronizedMap(
            new WeakHashMap<>());
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final String VERSION = versionFound();
    private static final HibernateCompat COMPAT = select(VERSION);

    private HibernateSupport() {
    }

    /** The adapter for the running Hibernate; fails with UNSUPPORTED_HIBERNATE_VERSION outside the range. */
    public static HibernateCompat compat() {
        if (COMPAT == null) {
            throw unsupported(null);
        }
        return COMPAT;
    }

    /** The Hibernate version on the class path ("unknown" when it cannot be read). */
    public static String version() {
        return VERSION;
    }

    /**
     * Fails with UNSUPPORTED_HIBERNATE_VERSION when SafeMerge cannot work with the factory: a Hibernate outside the
     * supported range, or one of SafeMerge's integrators failed while the factory was built.
     */
    public static void checkSupported(SessionFactory sessionFactory) {
        Throwable failure = FAILED.get(sessionFactory.unwrap(SessionFactoryImplementor.class));
        if (failure != null || COMPAT == null) {
            throw unsupported(failure);
        }
    }

    /**
     * Whether SafeMerge's integrators run for this factory: not when the Hibernate setting or the system property
     * {@value #INTEGRATORS_ENABLED} is {@code false}.
     */
    public static boolean integratorsEnabled(SessionFactoryImplementor factory) {
        Object setting = factory.getServiceRegistry().getService(ConfigurationService.class).getSettings()
                .get(INTEGRATORS_ENABLED);
        String value = setting != null ? setting.toString() : System.getProperty(INTEGRATORS_ENABLED);
        return value == null || !value.trim().equalsIgnoreCase("false");
    }

    /**
     * Records that an integrator failed for the factory (merges on it then fail with UNSUPPORTED_HIBERNATE_VERSION)
     * and logs it, once per JVM. Never throws: the host's factory is built as if SafeMerge were absent.
     */
    public static void integratorFailed(String integrator, SessionFactoryImplementor factory, Throwable failure) {
        if (failure instanceof VirtualMachineError error) {
            throw error;
        }
        try {
            if (factory != null) {
                FAILED.putIfAbsent(factory, failure);
            }
            if (WARNED.compareAndSet(false, true)) {
                log.warn("SafeMerge's {} failed on Hibernate ORM {} (supported: {}); it steps aside and merges on "
                        + "this SessionFactory fail with UNSUPPORTED_HIBERNATE_VERSION; the application is not "
                        + "affected otherwise. Cause: {}", integrator, VERSION, SUPPORTED_RANGE, failure.toString());
            } else {
                log.debug("SafeMerge's {} failed again: {}", integrator, failure.toString());
            }
        } catch (RuntimeException | LinkageError e) {
            // logging itself failed: stay silent rather than break the host
        }
    }

    /**
     * The error for a Hibernate API that is missing at run time ({@code NoSuchMethodError} and the like) although
     * the version was accepted: names the version found and the supported range.
     */
    public static MergeException unsupported(LinkageError failure) {
        return unsupported((Throwable) failure);
    }

    private static MergeException unsupported(Throwable failure) {
        String message = "SafeMerge does not work with Hibernate ORM " + VERSION + " (supported: " + SUPPORTED_RANGE
                + "); use a Hibernate version in that range"
                + (failure == null ? "" : ". " + (failure instanceof LinkageError ? "A Hibernate API is missing: "
                : "Its integrator failed when the SessionFactory was built: ") + failure);
        return failure == null ? new MergeException(MergeErrorCode.UNSUPPORTED_HIBERNATE_VERSION, message)
                : new MergeException(MergeErrorCode.UNSUPPORTED_HIBERNATE_VERSION, message, failure);
    }

    private static String versionFound() {
        try {
            String version = Version.getVersionString();
            return version == null || version.isBlank() ? "unknown" : version;
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    /** The adapter for a version, null outside the range (before 6.6, or a version that cannot be read). */
    static HibernateCompat select(String version) {
        String[] parts = version.split("[.-]");
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return null;
        }
        if (major == 6 && minor >= 6) {
            return new Hibernate66Compat();
        }
        if (major == 7 && minor == 0) {
            return new Hibernate70Compat();
        }
        if (major == 7 && minor == 1) {
            return new Hibernate71Compat();
        }
        // 7.2 and newer lines (also untested future ones: their integrators report a failure if the API moved)
        return major >= 7 ? new Hibernate7Compat() : null;
    }
}

package org.safemerge.examples.spring;

import org.safemerge.audit.Slf4jAuditListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** SafeMerge's audit listener as a bean: one INFO line per change on the logger org.safemerge.audit. */
@Configuration
public class AuditConfiguration {
    @Bean
    Slf4jAuditListener mergeAuditLog() {
        return new Slf4jAuditListener();
    }
}

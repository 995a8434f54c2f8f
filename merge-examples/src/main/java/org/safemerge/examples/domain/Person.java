package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import org.safemerge.Sensitive;

/** A person attending or organizing workshops; duplicates come from sign-up forms. */
@Entity(name = "Person")
@Table(name = "ws_person")
public class Person {
    @Id
    public Long id;
    public String name;
    public String email;
    @Sensitive
    public String phone;
    public LocalDateTime updatedAt;

    protected Person() {
    }

    public Person(Long id, String name, String email, String phone, LocalDateTime updatedAt) {
        this.id = id;
        this.name = name;
        this.email = email;
        this.phone = phone;
        this.updatedAt = updatedAt;
    }
}

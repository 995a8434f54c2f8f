package org.safemerge.examples.spring;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's repository: the same EntityManager and transaction as the merge. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {
}
